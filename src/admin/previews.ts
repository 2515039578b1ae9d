import { type Course, lessonPrompt, type Role } from '../course/course.ts';
import {
  CLOSING_KEY,
  checkinKey,
  confirmKey,
  lessonKey,
  partnerHeldKey,
  savedKey,
  WELCOME_KEY,
} from '../course/message-key.ts';
import { roleChoices } from '../course/roles.ts';
import { composerFor } from '../delivery/send.ts';
import type { Deps } from '../deps.ts';
import type { EmailComposer } from '../mail/compose.ts';
import type { OutgoingEmail, SendResult } from '../mail/message.ts';
import { buildRecap } from '../reflections/recap.ts';
import { stubTokens } from '../tokens/links.ts';

/** One email the course can send, as the console and `tend preview` list it. */
export interface PreviewMessage {
  /** The message key it is composed under (check-ins and acknowledgements: a sample). */
  readonly key: string;
  /** For URLs and file names: 'confirm', 'welcome', 'lesson-3', 'closing', 'checkin'. */
  readonly slug: string;
  readonly label: string;
}

export interface PreviewVariant {
  readonly course: Course;
  readonly message: PreviewMessage;
  /** null: a reader who chose no role. */
  readonly role: Role | null;
  readonly discreet: boolean;
}

/**
 * Where a preview's links point: a well-formed token that no delivery has (its id is all
 * 'a's), so a link followed from a preview or a test email says "this link doesn't work".
 */
export const PREVIEW_TOKEN = 'a'.repeat(52);
const PREVIEW_DELIVERY = { id: 0, tokenId: 'preview' } as const;
const PREVIEW_NAME = 'Sam';

export function previewMessages(course: Course): PreviewMessage[] {
  return [
    { key: confirmKey(1), slug: 'confirm', label: 'Confirmation' },
    { key: WELCOME_KEY, slug: 'welcome', label: 'Welcome' },
    ...course.lessons.map((lesson) => ({
      key: lessonKey(lesson.step),
      slug: `lesson-${lesson.step}`,
      label: `Lesson ${lesson.step}: ${lesson.title}`,
    })),
    { key: CLOSING_KEY, slug: 'closing', label: 'Closing' },
    { key: checkinKey('preview'), slug: 'checkin', label: 'Check-in' },
    { key: savedKey('preview'), slug: 'saved', label: 'Reply saved (acknowledgement)' },
    ...(course.couples
      ? [{ key: partnerHeldKey(2), slug: 'partner-held', label: 'Held by the partner (couples)' }]
      : []),
  ];
}

/** Every email for every role (and none), plain and discreet. */
export function previewVariants(course: Course): PreviewVariant[] {
  return previewMessages(course).flatMap((message) =>
    roleChoices(course).flatMap((role) =>
      [false, true].map((discreet) => ({ course, message, role, discreet })),
    ),
  );
}

export function findPreviewMessage(course: Course, slug: string): PreviewMessage | undefined {
  return previewMessages(course).find((message) => message.slug === slug);
}

/**
 * The closing email's recap in a preview: an invented example, never anyone's reflection.
 */
function sampleRecap(course: Course): { html: string; text: string } {
  const lesson = course.lessons[0];
  if (!lesson) return { html: '', text: '' };
  return buildRecap([
    {
      messageKey: lessonKey(lesson.step),
      deliveryId: 0,
      heading: `Lesson ${lesson.step}: ${lesson.title}`,
      prompt: lessonPrompt(lesson, course.roles[0]?.id ?? null),
      entries: [
        {
          id: 0,
          source: 'web',
          text: '(An example. Here the closing email quotes what the subscriber wrote.)',
          writtenAt: '2026-01-01T00:00:00.000Z',
          shared: false,
        },
      ],
    },
  ]);
}

/**
 * Renders one email as a subscriber of that role would get it, addressed to `to`, through
 * the composer the sending job uses (so a preview is the real thing), with a dummy token.
 */
export function composePreview(
  deps: Pick<Deps, 'config'>,
  variant: PreviewVariant,
  options: { to?: string; composer?: EmailComposer } = {},
): Promise<OutgoingEmail> {
  const composer = options.composer ?? composerFor(deps, variant.course);
  return composer.compose({
    subscriber: {
      email: options.to ?? 'preview@example.com',
      name: PREVIEW_NAME,
      role: variant.role,
      discreet: variant.discreet,
    },
    delivery: { ...PREVIEW_DELIVERY, messageKey: variant.message.key },
    tokens: stubTokens(PREVIEW_TOKEN),
    recap: sampleRecap(variant.course),
    checkinIndex: 0,
  });
}

/**
 * Sends one email to an address the operator typed, now, through the configured mailer:
 * no subscriber and no delivery row are created, the subject says "[Test]", and the
 * idempotency key is fresh, so sending the same test twice sends it twice.
 */
export async function sendTestEmail(
  deps: Pick<Deps, 'config' | 'mailer' | 'log'>,
  variant: PreviewVariant,
  to: string,
  options: { composer?: EmailComposer } = {},
): Promise<SendResult> {
  const email = await composePreview(deps, variant, { to, ...options });
  const result = await deps.mailer.send({
    ...email,
    subject: `[Test] ${email.subject}`,
    idempotencyKey: `tend-test-${crypto.randomUUID()}`,
    tags: [...email.tags.filter((tag) => tag.name !== 'delivery'), { name: 'test', value: '1' }],
  });
  deps.log.info('admin.test_sent', { message: variant.message.key, ok: result.ok });
  return result;
}
