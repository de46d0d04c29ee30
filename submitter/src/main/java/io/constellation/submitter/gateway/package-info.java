/**
 * The HTTP gateway over the cluster ({@code constellation gateway}): {@link io.constellation.submitter.gateway.Gateway}
 * serves runs, compiles, the execution history and replays as JSON, configured by
 * {@link io.constellation.submitter.gateway.GatewaySettings} and served from
 * {@link io.constellation.submitter.gateway.GatewayServices}. The rest of the package is its machinery.
 */
package io.constellation.submitter.gateway;
