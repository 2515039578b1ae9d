import { type ChildProcess, fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type {
  PreviewCourse,
  PreviewProblem,
  RenderedEmail,
  RendererMessage,
  RenderRequest,
} from '../preview/protocol.ts';
import { packageRoot } from './paths.ts';

/** What the renderer made of the content: its courses, or why there are none. */
export type RendererState =
  | { readonly kind: 'ready'; readonly courses: readonly PreviewCourse[] }
  | { readonly kind: 'broken'; readonly problem: PreviewProblem };

export interface RendererProcess {
  readonly state: RendererState;
  /** null: no such email (or the renderer failed on it: see `problem`). */
  render(
    request: Omit<RenderRequest, 'id'>,
  ): Promise<{ email: RenderedEmail | null; problem?: PreviewProblem }>;
  stop(): void;
}

const ROOT = packageRoot();
const ENTRY = join(ROOT, 'src', 'node', 'preview-renderer.ts');
const RENDER_TIMEOUT_MS = 20_000;
let bundles = 0;

/**
 * Builds the renderer from the sources as they are now (src/ and emails/, with esbuild, as
 * scripts/build.mjs builds Tend) and starts it with `env`. A fresh process each time is what
 * lets an edited emails/*.tsx show: Node never reloads an ES module it has imported. The
 * bundle goes in dist/ so that its packages resolve from node_modules; it is removed once the
 * child has loaded it.
 */
export async function startRenderer(env: NodeJS.ProcessEnv): Promise<RendererProcess> {
  const outfile = join(ROOT, 'dist', `preview-renderer-${process.pid}-${++bundles}.mjs`);
  try {
    await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: [ENTRY],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
    });
  } catch (error) {
    return brokenRenderer(buildProblem(error));
  }
  const child = fork(outfile, [], { env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const pending = new Map<number, (message: RendererMessage | null) => void>();
  let sequence = 0;
  const first = await new Promise<RendererMessage | null>((resolve) => {
    child.once('message', (message: RendererMessage) => resolve(message));
    child.once('exit', () => resolve(null));
  });
  rmSync(outfile, { force: true });
  child.on('message', (message: RendererMessage) => {
    if (message.type !== 'rendered') return;
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  child.on('exit', () => {
    for (const settle of pending.values()) settle(null);
    pending.clear();
  });
  const state: RendererState =
    first?.type === 'ready'
      ? { kind: 'ready', courses: first.courses }
      : first?.type === 'broken'
        ? { kind: 'broken', problem: first.problem }
        : { kind: 'broken', problem: crashProblem(stderr) };
  return {
    state,
    render(request) {
      if (state.kind !== 'ready' || !child.connected) return Promise.resolve({ email: null });
      const id = ++sequence;
      return new Promise((resolve) => {
        const timer = setTimeout(() => settle(null), RENDER_TIMEOUT_MS);
        const settle = (message: RendererMessage | null) => {
          clearTimeout(timer);
          pending.delete(id);
          if (message?.type === 'rendered') {
            resolve({
              email: message.email,
              ...(message.problem ? { problem: message.problem } : {}),
            });
          } else {
            resolve({ email: null, problem: crashProblem(stderr) });
          }
        };
        pending.set(id, settle);
        child.send({ ...request, id } satisfies RenderRequest);
      });
    },
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

function brokenRenderer(problem: PreviewProblem): RendererProcess {
  return {
    state: { kind: 'broken', problem },
    render: () => Promise.resolve({ email: null }),
    stop() {},
  };
}

/** esbuild's first error, as file, line and reason: a syntax error in an email component. */
function buildProblem(error: unknown): PreviewProblem {
  const first = (error as { errors?: esbuild.Message[] }).errors?.[0];
  if (!first) return { file: 'src/', field: 'build', reason: (error as Error).message };
  const where = first.location;
  return {
    file: where?.file ?? 'src/',
    field: where ? `line ${where.line}, column ${where.column + 1}` : 'build',
    reason: first.text,
  };
}

function crashProblem(stderr: string): PreviewProblem {
  const line = stderr.split('\n').find((text) => /Error/.test(text)) ?? 'the renderer stopped';
  return { file: 'emails/', field: 'render', reason: line.trim() };
}
