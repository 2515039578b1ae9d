import { join, resolve } from 'node:path';
import { composePreview, findPreviewMessage, previewMessages } from '../admin/previews.ts';
import { type Config, ConfigError, parseConfig } from '../config.ts';
import type { Courses } from '../course/courses.ts';
import { parseCourses } from '../course/courses.ts';
import { CourseError } from '../course/parse.ts';
import { NO_ROLE, roleFromSlug } from '../course/roles.ts';
import type { PreviewProblem, RendererMessage, RenderRequest } from '../preview/protocol.ts';
import { readContentFolders } from './course-files.ts';
import { packageRoot } from './paths.ts';

/**
 * The renderer of `tend preview --watch`, run as a child process with an IPC channel: it
 * loads CONTENT_DIR once, says `ready` (or `broken`, with the loader's file, field and
 * reason), then renders the emails the server asks for through the real composer.
 */
const send = (message: RendererMessage) => process.send?.(message);

function problemOf(error: unknown): PreviewProblem {
  if (error instanceof CourseError) {
    return { file: error.file, field: error.field, reason: error.reason };
  }
  if (error instanceof ConfigError) {
    return { file: 'environment', field: 'config', reason: error.message };
  }
  return { file: 'content', field: 'load', reason: (error as Error).message ?? String(error) };
}

// Rendering only: no database and no mail, so development defaults are enough, and the
// secret is never used (links carry a dummy token).
function rendererConfig(): Config {
  return parseConfig({ ...process.env, NODE_ENV: 'development', SECRET_KEY: PREVIEW_SECRET }, {});
}
const PREVIEW_SECRET = 'preview only: links in a preview carry a dummy token, never signed';

let config: Config | undefined;
let courses: Courses | undefined;
try {
  config = rendererConfig();
  const contentDir = config.contentDir
    ? resolve(config.contentDir)
    : join(packageRoot(), 'content');
  courses = parseCourses(readContentFolders(contentDir));
  send({
    type: 'ready',
    courses: courses.all.map((course) => ({
      id: course.id,
      title: course.title,
      roles: [...course.roles.map((role) => role.id), NO_ROLE],
      messages: previewMessages(course).map(({ slug, label }) => ({ slug, label })),
    })),
  });
} catch (error) {
  send({ type: 'broken', problem: problemOf(error) });
}

process.on('message', async (request: RenderRequest) => {
  const course = courses?.byId(request.course);
  const message = course && findPreviewMessage(course, request.slug);
  const role = course ? roleFromSlug(course, request.role) : undefined;
  if (!config || !course || !message || role === undefined) {
    send({ type: 'rendered', id: request.id, email: null });
    return;
  }
  try {
    const email = await composePreview(
      { config },
      {
        course,
        message,
        role,
        discreet: request.discreet,
      },
    );
    const { subject, from, html, text } = email;
    send({ type: 'rendered', id: request.id, email: { subject, from, html, text } });
  } catch (error) {
    const problem = { file: 'emails/', field: message.slug, reason: (error as Error).message };
    send({ type: 'rendered', id: request.id, email: null, problem });
  }
});

// The server going away closes the channel: nothing is left to render for.
process.on('disconnect', () => process.exit(0));
