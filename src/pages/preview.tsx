/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { PreviewCourse, PreviewProblem, RenderedEmail } from '../preview/protocol.ts';

/** The pages of `tend preview --watch`: a local tool for whoever writes the courses. */
function PreviewLayout(props: { title: string; generation: number; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <link rel="stylesheet" href="/assets/site.css" />
        <link rel="stylesheet" href="/assets/preview.css" />
      </head>
      <body data-generation={String(props.generation)}>
        <main class="preview">
          {props.children}
          <p class="muted">
            This page reloads by itself when a file in the content folder or emails/ changes.
          </p>
        </main>
        <script src="/assets/reload.js" defer />
      </body>
    </html>
  );
}

export function variantPath(course: string, slug: string, role: string, discreet: boolean) {
  return `/email/${course}/${slug}?role=${encodeURIComponent(role)}${discreet ? '&discreet=1' : ''}`;
}

export function PreviewIndexPage(props: { courses: readonly PreviewCourse[]; generation: number }) {
  return (
    <PreviewLayout title="Course preview" generation={props.generation}>
      <h1>Course preview</h1>
      {props.courses.map((course) => (
        <section class="card" id={`course-${course.id}`} key={course.id}>
          <h2>{course.title}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Email</th>
                {course.roles.map((role) => (
                  <th scope="col" key={role}>
                    {role}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {course.messages.map((message) => (
                <tr key={message.slug}>
                  <th scope="row">{message.label}</th>
                  {course.roles.map((role) => (
                    <td key={role}>
                      <a href={variantPath(course.id, message.slug, role, false)}>plain</a>{' '}
                      <a href={variantPath(course.id, message.slug, role, true)}>discreet</a>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </PreviewLayout>
  );
}

export function PreviewEmailPage(props: {
  course: PreviewCourse;
  label: string;
  role: string;
  discreet: boolean;
  email: RenderedEmail;
  rawPath: string;
  generation: number;
}) {
  const { course, email } = props;
  return (
    <PreviewLayout title={`${email.subject} (preview)`} generation={props.generation}>
      <p>
        <a href="/">All emails</a> · {course.title} · {props.label} · {props.role}
        {props.discreet ? ' · discreet' : ''}
      </p>
      <dl class="envelope">
        <dt>From</dt>
        <dd>{email.from}</dd>
        <dt>Subject</dt>
        <dd id="subject">{email.subject}</dd>
      </dl>
      <iframe class="email" title="The email" sandbox="" src={props.rawPath} />
      <h2>Plain text</h2>
      <pre class="plain">{email.text}</pre>
    </PreviewLayout>
  );
}

export function PreviewProblemPage(props: { problem: PreviewProblem; generation: number }) {
  const { problem } = props;
  return (
    <PreviewLayout title="The content does not load" generation={props.generation}>
      <h1>The content does not load</h1>
      <dl class="problem card">
        <dt>File</dt>
        <dd id="problem-file">{problem.file}</dd>
        <dt>Field</dt>
        <dd id="problem-field">{problem.field}</dd>
        <dt>Reason</dt>
        <dd id="problem-reason">{problem.reason}</dd>
      </dl>
      <p>Fix the file and save it: this page shows the emails again.</p>
    </PreviewLayout>
  );
}

export function PreviewMissingPage(props: { generation: number }) {
  return (
    <PreviewLayout title="No such email" generation={props.generation}>
      <h1>No such email</h1>
      <p>
        The course, email or role is not in the content any more. <a href="/">All emails</a>.
      </p>
    </PreviewLayout>
  );
}

export const PREVIEW_CSS = `main.preview { max-width: 72rem; }
main.preview table { border-collapse: collapse; width: 100%; }
main.preview th, main.preview td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
dl.envelope, dl.problem { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.envelope dd, dl.problem dd { margin: 0; }
iframe.email { width: 100%; height: 70vh; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
pre.plain { white-space: pre-wrap; }
`;

/** Reloads the page when the server's generation (one per change of the files) moves on. */
export const RELOAD_JS = `(() => {
  const shown = document.body.dataset.generation;
  const poll = async () => {
    try {
      const answer = await fetch('/generation', { cache: 'no-store' });
      const { generation } = await answer.json();
      if (String(generation) !== shown) return location.reload();
    } catch {}
    setTimeout(poll, 500);
  };
  setTimeout(poll, 500);
})();
`;
