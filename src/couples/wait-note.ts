import type { WaitReason } from './pace.ts';

/**
 * The one sentence a lesson carries when it waited for the partner: that it waited so both
 * get it on the same day, and nothing of the partner's reason, break or progress beyond
 * that. A break is not named at all (the reader had a neutral note about it). Discreet: no
 * "lesson", no "partner", nothing that names the course's topic; "Day k" as in the email.
 */
export function waitSentence(reason: WaitReason, step: number, discreet: boolean): string {
  if (discreet)
    return `This note waited a little, so that you both receive Day ${step} on the same day.`;
  return reason === 'partner-behind'
    ? `Your partner is catching up, so this lesson waited a little: you both receive lesson ${step} on the same day.`
    : `This lesson waited a little, so that you and your partner receive lesson ${step} on the same day.`;
}
