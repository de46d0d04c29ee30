package io.constellation.engine.parse;

import io.constellation.engine.syntax.Ast;
import io.constellation.engine.syntax.Span;
import java.util.ArrayList;
import java.util.List;

/** Parses types as written (LANGUAGE.md 2): unions of merges of atoms. */
final class TypeParser {
  private final TokenStream in;

  TypeParser(TokenStream in) {
    this.in = in;
  }

  // type = mergeType { "|" mergeType } ;
  Ast.TypeExpr type() {
    in.enter();
    Span start = in.peek().span();
    Ast.TypeExpr first = mergeType();
    Ast.TypeExpr result = first;
    if (in.atPunct("|")) {
      List<Ast.TypeExpr> members = new ArrayList<>();
      members.add(first);
      while (in.acceptPunct("|")) members.add(mergeType());
      in.node();
      result = new Ast.UnionType(members, in.from(start));
    }
    in.exit();
    return result;
  }

  // mergeType = typeAtom { "+" typeAtom } ;
  private Ast.TypeExpr mergeType() {
    Span start = in.peek().span();
    Ast.TypeExpr first = typeAtom();
    if (!in.atPunct("+")) return first;
    List<Ast.TypeExpr> parts = new ArrayList<>();
    parts.add(first);
    while (in.acceptPunct("+")) parts.add(typeAtom());
    in.node();
    return new Ast.MergeType(parts, in.from(start));
  }

  // typeAtom = IDENT "<" type { "," type } ">" | "{" [ IDENT ":" type { "," IDENT ":" type } ] "}" | IDENT ;
  private Ast.TypeExpr typeAtom() {
    Token start = in.peek();
    if (start.isPunct("{")) return recordType();
    if (start.kind() != TokenKind.IDENT) throw in.expected("type");
    in.next();
    Ast.Ident name = new Ast.Ident(start.text(), start.span());
    List<Ast.TypeExpr> arguments = new ArrayList<>();
    if (in.acceptPunct("<")) {
      do {
        arguments.add(type());
      } while (in.acceptPunct(","));
      in.expectPunct(">");
    }
    in.node();
    return new Ast.NamedType(name, arguments, in.from(start.span()));
  }

  private Ast.TypeExpr recordType() {
    Token open = in.next();
    in.enter();
    List<Ast.FieldType> fields = new ArrayList<>();
    if (!in.atPunct("}")) {
      do {
        Token field = in.expectIdent("field name");
        in.expectPunct(":");
        fields.add(new Ast.FieldType(new Ast.Ident(field.text(), field.span()), type()));
      } while (in.acceptPunct(","));
    }
    in.expectPunct("}");
    in.exit();
    in.node();
    return new Ast.RecordType(fields, in.from(open.span()));
  }
}
