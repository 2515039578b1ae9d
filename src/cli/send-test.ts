import { parseArgs } from 'node:util';
import { findPreviewMessage, previewMessages, sendTestEmail } from '../admin/previews.ts';
import { NO_ROLE, roleFromSlug, roleSlug } from '../course/roles.ts';
import { nodeDeps } from '../node/deps.ts';
import { normalizeEmail } from '../subscribers/signup-input.ts';
import { courseOption } from './course-option.ts';
import { CliError, type Command, noteLinkAddress, parseOrExplain, quietLog } from './io.ts';

export const sendTestCommand: Command = {
  name: 'send-test',
  summary: 'send one email, marked [Test], to an address',
  help: `Usage: tend send-test --to ADDRESS [--course ID] [--lesson N | --email NAME] [--role ROLE]
                     [--discreet]

Sends one email now, through the configured mailer (Resend, or the outbox without
RESEND_API_KEY), with "[Test]" in the subject. No subscriber is created; links carry a
dummy token. The welcome email unless told otherwise.

Options:
  --to ADDRESS   where to send it (required)
  --course ID    which course (needed when there are several)
  --lesson N     lesson N instead of the welcome
  --email NAME   another email: confirm, welcome, lesson-N, closing, checkin, saved
  --role ROLE    one of the course's roles, or ${NO_ROLE} (no role chosen); default: its first
  --discreet     the discreet version (neutral sender and subject)`,
  async run(args, io) {
    const { values } = parseOrExplain('send-test', () =>
      parseArgs({
        args,
        options: {
          to: { type: 'string' },
          course: { type: 'string' },
          lesson: { type: 'string' },
          email: { type: 'string' },
          role: { type: 'string' },
          discreet: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      }),
    );
    if (values.help) {
      await io.out(`${this.help}\n`);
      return 0;
    }
    if (!values.to) throw new CliError('send-test: --to ADDRESS is required');
    const to = normalizeEmail(values.to);
    if (!to) throw new CliError(`send-test: not an email address: ${values.to}`);
    if (values.lesson !== undefined && values.email !== undefined) {
      throw new CliError('send-test: give --lesson or --email, not both');
    }
    if (values.lesson !== undefined && !/^\d{1,3}$/.test(values.lesson)) {
      throw new CliError(`send-test: --lesson: not a lesson number: ${values.lesson}`);
    }
    const { deps, close } = await nodeDeps(io.env, { log: quietLog });
    try {
      const course = courseOption(deps, 'send-test', values.course);
      const role =
        values.role === undefined
          ? (course.roles[0]?.id ?? null)
          : roleFromSlug(course, values.role);
      if (role === undefined) {
        const roles = [...course.roles.map((r) => r.id), NO_ROLE];
        throw new CliError(`send-test: --role: one of ${roles.join(', ')}`);
      }
      const slug =
        values.lesson !== undefined
          ? `lesson-${Number(values.lesson)}`
          : (values.email ?? 'welcome');
      const message = findPreviewMessage(course, slug);
      if (!message) {
        const known = previewMessages(course).map((m) => m.slug);
        throw new CliError(
          values.lesson !== undefined
            ? `send-test: --lesson: the course has lessons 1 to ${course.lessons.length}`
            : `send-test: --email: one of ${known.join(', ')}`,
        );
      }
      const result = await sendTestEmail(
        deps,
        { course, message, role, discreet: values.discreet ?? false },
        to,
      );
      if (!result.ok) throw new CliError(`send-test: not sent: ${result.failure.reason}`);
      noteLinkAddress(deps.config, io);
      await io.out(
        `sent "${message.label}" (${roleSlug(role)}${values.discreet ? ', discreet' : ''}) to ${to} through ${deps.mailer.name}\n`,
      );
    } finally {
      await close();
    }
    return 0;
  },
};
