import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * GitHub Actions' artifact service (artifact version 4) as @actions/artifact talks to it: the
 * results service's Twirp JSON API (CreateArtifact, FinalizeArtifact; the runtime token as a
 * Bearer; proto field names; unknown fields refused as protojson refuses them; a name taken in
 * the run is 409 already_exists) and the signed blob URL it hands out (Azure Put Blob: PUT with
 * x-ms-blob-type BlockBlob, the signature in the query). Finalize checks the size and sha256
 * against the stored blob. Binary bodies are kept as bytes.
 */
const PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';
const CREATE_FIELDS = ['workflow_run_backend_id', 'workflow_job_run_backend_id', 'name', 'version', 'metadata', 'expires_at', 'mime_type'];
const FINALIZE_FIELDS = ['workflow_run_backend_id', 'workflow_job_run_backend_id', 'name', 'size', 'hash'];

export interface StoredArtifact {
  id: string;
  name: string;
  run: string;
  job: string;
  blob?: Buffer;
  finalized: boolean;
}

/** A runtime token as the runner hands it to actions: a JWT whose scp names the run and job. */
export function runtimeToken(run: string, job: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'RS256' })}.${part({ scp: `Actions.ExampleScope Actions.Results:${run}:${job}`, exp: 4102444800 })}.c2lnbmF0dXJl`;
}

export async function startArtifactService(token: string) {
  const artifacts: StoredArtifact[] = [];
  const calls: string[] = [];
  const signatures = new Map<string, StoredArtifact>();
  let nextId = 1000;
  let outage = false;
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://sim');
    const twirpError = (status: number, code: string, msg: string) => json(res, status, { code, msg });
    calls.push(`${req.method} ${url.pathname}`);
    if (outage) return twirpError(503, 'unavailable', 'simulated outage');
    if (req.method === 'PUT' && url.pathname.startsWith('/blob/')) {
      const artifact = signatures.get(url.searchParams.get('sig') ?? '');
      if (!artifact || url.pathname !== `/blob/${artifact.id}.zip`) return xml(res, 403, 'AuthenticationFailed');
      if (req.headers['x-ms-blob-type'] !== 'BlockBlob') return xml(res, 400, 'MissingRequiredHeader');
      if (Number(req.headers['content-length']) !== body.length) return xml(res, 400, 'InvalidHeaderValue');
      artifact.blob = body;
      return xml(res, 201, '');
    }
    if (req.method !== 'POST' || !url.pathname.startsWith(PREFIX)) return twirpError(404, 'bad_route', `no handler for ${req.method} ${url.pathname}`);
    if (req.headers.authorization !== `Bearer ${token}`) return twirpError(401, 'unauthenticated', 'invalid token');
    if (!String(req.headers['content-type']).startsWith('application/json')) return twirpError(415, 'malformed', 'unexpected Content-Type');
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return twirpError(400, 'malformed', 'the json request could not be decoded');
    }
    const ids = { run: String(request.workflow_run_backend_id ?? ''), job: String(request.workflow_job_run_backend_id ?? '') };
    const [, scopeRun, scopeJob] = /Actions\.Results:([^:\s]+):([^:\s]+)/.exec(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).scp) ?? [];
    if (ids.run !== scopeRun || ids.job !== scopeJob) return twirpError(403, 'permission_denied', 'backend ids do not match the token');
    const method = url.pathname.slice(PREFIX.length);
    if (method === 'CreateArtifact') {
      const unknown = Object.keys(request).filter((k) => !CREATE_FIELDS.includes(k));
      if (unknown.length) return twirpError(400, 'malformed', `unknown field "${unknown[0]}"`);
      if (request.version !== 4) return twirpError(400, 'invalid_argument', 'unsupported artifact version');
      const name = String(request.name ?? '');
      if (!name) return twirpError(400, 'invalid_argument', 'name is required');
      if (artifacts.some((a) => a.run === ids.run && a.name === name)) return twirpError(409, 'already_exists', `an artifact with this name already exists on the workflow run`);
      const artifact: StoredArtifact = { id: String(nextId++), name, ...ids, finalized: false };
      artifacts.push(artifact);
      const sig = randomUUID();
      signatures.set(sig, artifact);
      return json(res, 200, { ok: true, signed_upload_url: `http://127.0.0.1:${port}/blob/${artifact.id}.zip?sv=2023-11-03&sr=b&sp=cw&sig=${sig}` });
    }
    if (method === 'FinalizeArtifact') {
      const unknown = Object.keys(request).filter((k) => !FINALIZE_FIELDS.includes(k));
      if (unknown.length) return twirpError(400, 'malformed', `unknown field "${unknown[0]}"`);
      const artifact = artifacts.find((a) => a.run === ids.run && a.name === request.name && !a.finalized);
      if (!artifact?.blob) return twirpError(404, 'not_found', 'no uploaded artifact of this name');
      // int64 travels as a string in proto JSON; the StringValue hash as a plain string.
      if (request.size !== String(artifact.blob.length)) return twirpError(400, 'invalid_argument', `size ${String(request.size)} does not match the upload`);
      if (request.hash !== `sha256:${createHash('sha256').update(artifact.blob).digest('hex')}`) return twirpError(400, 'invalid_argument', 'hash does not match the upload');
      artifact.finalized = true;
      return json(res, 200, { ok: true, artifact_id: artifact.id });
    }
    return twirpError(404, 'bad_route', `no method ${method}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    artifacts,
    calls,
    setOutage(on: boolean) {
      outage = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function xml(res: ServerResponse, status: number, code: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' }).end(code ? `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code></Error>` : '');
}
