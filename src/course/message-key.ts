/**
 * Message keys: what each email is, unique per enrollment and round (deliveries), and what
 * reflections, the funnel and the recap group by. Built and read only here.
 *
 *   welcome            the first course email
 *   lesson:<step>      lesson 1..N
 *   closing            the course's last email
 *   checkin:<date>     a check-in, by the local date it was due (one a day at most)
 *   confirm:<n>        the n-th confirmation email of a signup
 *   saved:<inbound>    the acknowledgement of a reply, by the provider's id of the reply
 *   signin             a sign-in email (no delivery: mailed at once)
 *   invite             an invitation to take a course together (no delivery either)
 *   partner-held:<step> couples mode: step <step> is held by the partner's break (once each)
 */
export const WELCOME_KEY = 'welcome';
export const CLOSING_KEY = 'closing';
export const SIGN_IN_KEY = 'signin';
export const INVITE_KEY = 'invite';

const LESSON = 'lesson:';
const CHECKIN = 'checkin:';
const CONFIRM = 'confirm:';
const SAVED = 'saved:';
const PARTNER_HELD = 'partner-held:';

export const lessonKey = (step: number) => `${LESSON}${step}`;
export const checkinKey = (localDate: string) => `${CHECKIN}${localDate}`;
export const confirmKey = (number: number) => `${CONFIRM}${number}`;
export const savedKey = (inboundId: string) => `${SAVED}${inboundId}`;
export const partnerHeldKey = (step: number) => `${PARTNER_HELD}${step}`;

export const isLessonKey = (key: string) => key.startsWith(LESSON);
export const isCheckinKey = (key: string) => key.startsWith(CHECKIN);
export const isConfirmKey = (key: string) => key.startsWith(CONFIRM);
export const isPartnerHeldKey = (key: string) => key.startsWith(PARTNER_HELD);

/** The lesson's step of a `lesson:<step>` key, or null for any other key. */
export function lessonStep(key: string): number | null {
  if (!isLessonKey(key)) return null;
  const step = Number(key.slice(LESSON.length));
  return Number.isInteger(step) && step > 0 ? step : null;
}

/** The rendering a message key calls for: per-reply and per-attempt keys share one. */
export function kindOf(messageKey: string): string {
  if (isConfirmKey(messageKey)) return 'confirm';
  if (messageKey.startsWith(SAVED)) return 'saved';
  if (isCheckinKey(messageKey)) return 'checkin';
  if (isPartnerHeldKey(messageKey)) return 'partner-held';
  return messageKey;
}
