/**
 * The states of an enrollment (a person's place in one course) and the named sets the code
 * asks about. Every question "is this enrollment ...?" is answered here, nowhere else.
 */
export const ENROLLMENT_STATUSES = [
  'pending',
  'active',
  'paused',
  'completed',
  'unsubscribed',
  'bounced',
  'complained',
  'suppressed',
] as const;

export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

/** Confirmed and not left: a new signup for the same course changes nothing. */
export const ENROLLED: readonly EnrollmentStatus[] = ['active', 'paused', 'completed'];

/** May still be mailed (a confirmation, lessons, check-ins) and so may leave. */
export const MAILABLE: readonly EnrollmentStatus[] = ['pending', ...ENROLLED];

/** The address itself must not be mailed again: by its owner's wish or the provider's word. */
export const ADDRESS_STOPPED: readonly EnrollmentStatus[] = ['bounced', 'complained', 'suppressed'];

/** Left or stopped: an import never brings these back. */
export const STOPPED: readonly EnrollmentStatus[] = ['unsubscribed', ...ADDRESS_STOPPED];

/** Has had a confirmed course (or left one): may sign in to their journal. */
export const MAY_SIGN_IN: readonly EnrollmentStatus[] = [...ENROLLED, 'unsubscribed'];

export function isEnrolled(status: EnrollmentStatus): boolean {
  return ENROLLED.includes(status);
}

export function isMailable(status: EnrollmentStatus): boolean {
  return MAILABLE.includes(status);
}
