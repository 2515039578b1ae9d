/**
 * Pure: is a received email an automatic one (a vacation responder, a mailing list, another
 * robot) rather than a person's reply? Such mail is never stored and never answered, so that
 * two robots cannot keep mailing each other. Every value is cut short before a pattern runs.
 */

/** The received email's headers (any case of name) and subject. */
export interface ReceivedHeaders {
  readonly headers?: Readonly<Record<string, string>> | null;
  readonly subject?: string | null;
}

const MAX_VALUE_CHARS = 200;

/** RFC 3834: anything but "no" means a machine sent it. */
const AUTO_SUBMITTED = 'auto-submitted';
/** Precedence values of list mail and of responders that follow the old convention. */
const BULK_PRECEDENCE = /^(?:bulk|junk|list|auto[_-]reply)$/;
/**
 * Headers whose mere presence marks an automatic reply. Not X-Auto-Response-Suppress: Outlook
 * puts it on ordinary mail too (Exchange's out-of-office answers say Auto-Submitted anyway).
 */
const AUTO_HEADERS = ['x-autoreply', 'x-autorespond', 'x-autoresponder'];

/**
 * Subjects vacation responders use in the languages the course reaches, at the start of the
 * subject: Outlook/Exchange, Gmail, Apple Mail, Thunderbird, Yahoo, GMX/Web.de.
 */
const AUTO_SUBJECT =
  /^(?:auto(?:matic)?[ -]?(?:reply|response)|autoreply|out of (?:the )?office|on vacation|abwesenheitsnotiz|automatische antwort|abwesend|réponse automatique|absence du bureau|respuesta automática|fuera de la oficina|auto:)/;

export function isAutoReply(email: ReceivedHeaders): boolean {
  const headers = lowerCased(email.headers ?? {});
  const submitted = headers.get(AUTO_SUBMITTED);
  if (submitted !== undefined && submitted !== 'no') return true;
  const precedence = headers.get('precedence');
  if (precedence !== undefined && BULK_PRECEDENCE.test(precedence)) return true;
  if (AUTO_HEADERS.some((name) => headers.has(name))) return true;
  return AUTO_SUBJECT.test(short(email.subject ?? ''));
}

/** Header names lower-cased, values trimmed, lower-cased and cut to MAX_VALUE_CHARS. */
function lowerCased(headers: Readonly<Record<string, string>>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (name.length > 100 || typeof value !== 'string') continue;
    map.set(name.toLowerCase(), short(value));
  }
  return map;
}

function short(value: string): string {
  return value.slice(0, MAX_VALUE_CHARS).trim().toLowerCase();
}
