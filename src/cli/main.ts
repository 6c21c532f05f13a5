import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { version } from '../version.js';
import { registerApprovalCommands } from './commands/approve.js';
import { EXIT } from './exit-codes.js';
import { quietOnClosedPipe, write } from './output.js';
import { UsageError } from './usage-error.js';
import { durationSeconds } from './duration.js';

const EXAMPLES = `
Examples:
  $ smokeguard init --base-url http://127.0.0.1:8080 # a starter smokeguard.yaml from what the service answers
  $ smokeguard run                                   # finds .coditect/config/smoke-test-hook.json or smokeguard.yaml
  $ smokeguard run --base-url https://api.internal --report-dir smoke-report
  $ smokeguard run --environment prod --only readiness user-login
  $ smokeguard run --json > result.json              # the result as JSON on stdout
  $ smokeguard validate --config smokeguard.yaml     # check a config, run nothing
  $ smokeguard schema > smokeguard.schema.json       # JSON Schema for editors
  $ smokeguard schema --report > report.schema.json  # JSON Schema of report.json
  $ smokeguard run --watch 15m                       # smoke run, then watch 15 min if it passed
  $ smokeguard watch --interval 30s --duration 15m   # the canary monitor alone
  $ smokeguard approve RUN_ID                        # confirm the rollback a run is waiting for (deny RUN_ID refuses)
  $ smokeguard serve                                 # the dashboard on http://127.0.0.1:3000 (history in ./smokeguard.db)

Exit codes: 0 passed (warnings allowed) · 1 critical failure · 2 config or usage error ·
            3 rollback failed · 4 internal error · 5 the deployment did not complete its rollout`;

/** Kept here (not imported from the reporters) so that --help and --version load no renderer. */
const REPORT_FORMATS = ['json', 'junit', 'markdown', 'html'];

function reportFormats(value: string, previous: string[] = []): string[] {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !REPORT_FORMATS.includes(n));
  if (unknown.length) throw new InvalidArgumentError(`unknown format ${unknown.join(', ')}; choose from ${REPORT_FORMATS.join(', ')}`);
  return [...previous, ...names];
}

function timestamp(value: string): Date {
  const date = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('expected an ISO 8601 time (2026-11-27T14:32:15Z) or epoch seconds');
  return date;
}

function runId(value: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(value)) throw new InvalidArgumentError('expected letters, digits, ".", "_" or "-" (at most 128)');
  return value;
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number (0-65535)');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

/** Whether an option's value came from its flag or its environment variable, for errors that name it. */
function sourceOf(cmd: Command, option: string): 'flag' | 'env' {
  return cmd.getOptionValueSource(option) === 'env' ? 'env' : 'flag';
}

export function buildProgram(
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; env: NodeJS.ProcessEnv },
  setExit: (code: number) => void,
): Command {
  const program = new Command('smokeguard')
    .description('Post-deploy smoke tests: decide within seconds whether a deployment may stay, and roll it back when it may not.')
    .version(version, '-v, --version')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  const configOption = () => new Option('-c, --config <path>', 'config file (JSON or YAML); default: .coditect/config/smoke-test-hook.json, smokeguard.yaml, smokeguard.yml, smokeguard.json');
  const envOption = () => new Option('-e, --environment <name>', 'apply environments.<name> overrides (base_url, headers, variables)').env('SMOKEGUARD_ENVIRONMENT');
  const baseUrlOption = () => new Option('-u, --base-url <url>', 'base URL for relative endpoints').env('SMOKEGUARD_BASE_URL');

  const runCommand = program
    .command('run')
    .description('run the smoke tests and decide whether the deployment may stay')
    .addOption(configOption())
    .addOption(baseUrlOption())
    .addOption(envOption())
    .option('-r, --report-dir <dir>', 'write the reports into this directory (report.json, junit.xml, report.md, report.html)')
    .option('-f, --format <formats>', `report formats to write: ${REPORT_FORMATS.join(', ')} (comma-separated; default all)`, reportFormats)
    .option('--dry-run', 'decide everything, change nothing: no rollback, notification, ticket or metrics push')
    .option('--json', 'print the result as JSON on stdout (human output goes to stderr)')
    .option('--concurrency <n>', 'checks in flight at once (default: the config\'s, else 8)', positiveInt)
    .option('--only <names...>', 'run only these checks (the rest are reported skipped)')
    .addOption(new Option('--revision <rev>', 'the version under test (image tag, commit): in reports, rollback limits and incident dedup').env('SMOKEGUARD_REVISION'))
    .option('-y, --yes', 'confirm a rollback that needs ops confirmation (also SMOKEGUARD_CONFIRM=yes)')
    .addOption(new Option('--deployment <name>', 'Kubernetes deployment to roll back (overrides the config)').env('SMOKEGUARD_DEPLOYMENT'))
    .addOption(new Option('--namespace <ns>', 'its namespace').env('SMOKEGUARD_NAMESPACE'))
    .option('--container <name>', 'the container to roll back (default: all)')
    .option('--context <name>', 'kubeconfig context')
    .option('--kubeconfig <file>', 'kubeconfig file (default: in-cluster credentials, then KUBECONFIG, then ~/.kube/config)')
    .addOption(new Option('--state-dir <dir>', 'where approvals and local rollback state live').env('SMOKEGUARD_STATE_DIR'))
    .option('--report-url <url>', 'where the reports will be published, linked from notifications')
    .option('--wait-for-rollout', 'first wait for the deployment\'s rollout to complete, as `kubectl rollout status` does (also deployment.wait: true)')
    .addOption(new Option('--deployed-at <time>', 'when the deployment finished (ISO 8601 or epoch seconds): starts the timeline').env('SMOKEGUARD_DEPLOYED_AT').argParser(timestamp))
    .addOption(new Option('--run-id <id>', 'this run\'s id (default: a new UUID), e.g. the CI job id, for `smokeguard approve`').env('SMOKEGUARD_RUN_ID').argParser(runId))
    .option('--watch <duration>', 'after a passing (or warning) smoke run, watch the deployment this long, e.g. 15m (see `smokeguard watch`)', durationSeconds)
    .addOption(new Option('-q, --quiet', 'print only the verdict block and the failures').conflicts('verbose'))
    .option('--verbose', 'print assertions, steps, attempts and the time each phase took')
    .addOption(new Option('--fail-on <level>', 'exit 1 on this verdict or worse').choices(['critical', 'warning']).default('critical'))
    .option('--baseline <reports...>', 'watch: report.json files of the previous version, for watch.compare (its latencies)')
    .addOption(new Option('--dashboard <url>', 'publish the run to this `smokeguard serve` (token: SMOKEGUARD_DASHBOARD_TOKEN)').env('SMOKEGUARD_DASHBOARD_URL'))
    .option('--store <url>', 'write the run straight to a dashboard store: sqlite:PATH or postgres://…')
    .addHelpText('after', EXAMPLES)
    // Commands load on use: `--version` and `--help` never pay for the schema or the drivers.
    .action(async (flags, cmd: Command) => setExit(await (await import('./commands/run.js')).runCommand({ ...flags, baseUrlSource: sourceOf(cmd, 'baseUrl') }, io)));

  // `watch` takes every flag of `run` (but --watch), plus the window's own.
  const watchCommand = program
    .command('watch')
    .description('watch a deployment: re-run the checks every interval and judge the window; a failing window rolls back as a smoke run does')
    .option('--interval <duration>', 'time between two measurements, e.g. 30s (default: watch.interval_seconds, else 30s)', durationSeconds)
    .option('--duration <duration>', 'how long to watch, e.g. 15m (default: watch.duration_seconds, else 15m)', durationSeconds);
  for (const option of runCommand.options) if (option.long !== '--watch') watchCommand.addOption(option);
  watchCommand.action(async (flags) => setExit(await (await import('./commands/run.js')).runCommand({ ...flags, watchOnly: true }, io)));

  program
    .command('validate')
    .description('check a config (schema, ${VAR} references, names) and exit; runs nothing')
    .addOption(configOption())
    .addOption(baseUrlOption())
    .addOption(envOption())
    .action(async (flags, cmd: Command) => setExit(await (await import('./commands/validate.js')).validateCommand({ ...flags, baseUrlSource: sourceOf(cmd, 'baseUrl') }, io)));

  program
    .command('list')
    .description('print the plan: every check with its kind, type, target, required, timeout and dependencies; runs nothing')
    .addOption(configOption())
    .addOption(baseUrlOption())
    .addOption(envOption())
    .option('--json', 'the plan as JSON')
    .action(async (flags) => setExit(await (await import('./commands/list.js')).listCommand(flags, io)));

  program
    .command('init')
    .description('write a starter smokeguard.yaml from what the service answers (health endpoints, connection variables, the Deployment\'s probes), validate it and dry-run it')
    .option('-u, --base-url <url>', 'the service to discover, e.g. https://orders.internal (default: SMOKEGUARD_BASE_URL)')
    .option('-c, --config <path>', 'where to write the config', 'smokeguard.yaml')
    .option('--deployment <name>', 'read this Kubernetes Deployment\'s probes, and name it as the rollback target')
    .option('--namespace <ns>', 'its namespace (default: default)')
    .option('--context <name>', 'kubeconfig context')
    .option('--kubeconfig <file>', 'kubeconfig file (default: in-cluster credentials, then KUBECONFIG, then ~/.kube/config)')
    .option('--force', 'overwrite an existing config file')
    .action(async (flags) => setExit(await (await import('./commands/init.js')).initCommand(flags, io)));

  registerApprovalCommands(program);

  program
    .command('serve')
    .description('the dashboard: run history, live approvals, badges, JSON API and /metrics')
    // SMOKEGUARD_PORT too: the container image's HEALTHCHECK probes the port it names.
    .addOption(new Option('-p, --port <n>', 'port').env('SMOKEGUARD_PORT').argParser((v) => portNumber(v)).default(3000))
    .option('--host <addr>', 'address to bind (0.0.0.0 in a container; needs SMOKEGUARD_DASHBOARD_TOKEN)', '127.0.0.1')
    .addOption(new Option('--store <url>', 'sqlite:PATH (default sqlite:./smokeguard.db) or postgres://… for several replicas').env('SMOKEGUARD_STORE'))
    .option('--retain-days <n>', 'keep runs this many days; older ones stay as per-day aggregates', positiveInt, 90)
    .addOption(new Option('--state-dir <dir>', 'where Approve/Deny write answers for runs without a Lease (as `smokeguard approve`)').env('SMOKEGUARD_STATE_DIR'))
    .option('--kubeconfig <file>', 'answer runs that hold a rollback Lease through this cluster (default: in-cluster, KUBECONFIG)')
    .option('--context <name>', 'kubeconfig context')
    .option('-c, --config <path>', 'smoke config run by the Flagger and Argo Rollouts webhooks (POST /api/v1/flagger, /api/v1/analysis; token: SMOKEGUARD_WEBHOOK_TOKEN as ?token=)')
    .addOption(baseUrlOption())
    .addOption(envOption())
    .action(async (flags) => setExit(await (await import('./commands/serve.js')).serveCommand(flags, io)));

  program
    .command('publish <report>')
    .description('upload a finished run (a report directory or its report.json) to the dashboard; idempotent')
    .addOption(new Option('--dashboard <url>', 'the dashboard (token: SMOKEGUARD_DASHBOARD_TOKEN)').env('SMOKEGUARD_DASHBOARD_URL'))
    .option('--store <url>', 'write straight to a store instead: sqlite:PATH or postgres://…')
    .option('--timeout <seconds>', 'give up after this long', positiveInt, 10)
    .action(async (report: string, flags) => setExit(await (await import('./commands/publish.js')).publishCommand(report, flags, io)));

  program
    .command('schema')
    .description('print the JSON Schema of the config, for editors (--report: of report.json, for readers of reports)')
    .option('--report', 'the JSON Schema of report.json instead of the config\'s')
    .action(async (flags: { report?: boolean }) => setExit(await (await import('./commands/validate.js')).schemaCommand(io, flags)));

  return program;
}

export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  let code: number = EXIT.PASSED;
  const program = buildProgram(io, (c) => (code = c));
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return EXIT.USAGE;
    }
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.PASSED : EXIT.USAGE;
    if (err instanceof ConfigError) {
      await write(io.stderr, `smokeguard: ${err.format()}\n`);
      return EXIT.USAGE;
    }
    if (err instanceof UsageError || (err instanceof Error && err.name === 'RunOptionsError')) {
      await write(io.stderr, `smokeguard: ${err.message}\n`);
      return EXIT.USAGE;
    }
    const detail = io.env.SMOKEGUARD_DEBUG ? `\n${(err as Error).stack}` : ' (set SMOKEGUARD_DEBUG=1 for details)';
    await write(io.stderr, `smokeguard: internal error: ${(err as Error).message ?? String(err)}${detail}\n`);
    return EXIT.INTERNAL;
  }
}

/** Runs `process.argv` and exits with its code once the output is flushed (the bin, src/cli/bin.ts, calls it). */
export function runAsBinary(): void {
  // A reader that stops early (`smokeguard schema | head`) is not an error worth a stack trace;
  // the command still finishes (a run still decides) and exits with its own code.
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  void main(process.argv).then(async (code) => {
    await write(process.stdout, '');
    process.exit(code);
  });
}
