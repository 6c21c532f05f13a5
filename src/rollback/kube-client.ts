/**
 * The part of @kubernetes/client-node smokeguard uses at run time, and nothing else: kube.ts
 * import()s this module, and the type checker holds it to these names.
 * Why a module of its own: the CLI ships it as one CommonJS file, dist/bundle/kube-client.cjs
 * (scripts/bundle-options.mjs, kubeClientOptions), require()d on demand. The package itself is
 * ~2,500 ES modules (every API group and model): loading it took ~0.5 s of CPU (Node 20), most of
 * the time between the rollback decision and the first page to ops; the bundled file ~75 ms
 * (bench/first-page.mjs). The library (dist/) imports the package as it is.
 */
export { ApiException, AppsV1Api, CoordinationV1Api, KubeConfig, Observable, Watch } from '@kubernetes/client-node';
