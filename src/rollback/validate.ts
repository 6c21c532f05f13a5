/**
 * Names and images are checked before they reach the API or a command line: a value read from
 * the cluster or the environment could otherwise smuggle options into argv or a patch.
 */

/** RFC 1123 label: namespaces, container names. */
export const DNS1123_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: Deployment and Lease names. */
export const DNS1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

// The grammar of github.com/distribution/reference.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const IMAGE = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);

/** A container image reference as Kubernetes accepts it: `registry:5000/team/app:v1.2@sha256:…`. */
export function isImageReference(image: string): boolean {
  return image.length <= 4096 && IMAGE.test(image) && (image.split('@')[0].split(':')[0] ?? '').length <= 255;
}

/** Variables a `command` strategy may use; `${current_image}`/`${previous_image}` need the cluster. */
export const COMMAND_VARIABLES = ['deployment', 'namespace', 'container', 'current_image', 'previous_image', 'run_id'] as const;
export type CommandVariable = (typeof COMMAND_VARIABLES)[number];
