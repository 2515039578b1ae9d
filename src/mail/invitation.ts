import { render } from '@react-email/render';
import { createElement } from 'react';
import InvitationEmail from '../../emails/invitation.tsx';
import { plainTextRenderOptions } from '../../emails/plain-text.ts';
import { INVITATION_DAYS } from '../couples/invitation.ts';
import { INVITE_KEY } from '../course/message-key.ts';
import { type ComposeSettings, senderAddress } from './compose.ts';
import { senderName } from './email-element.ts';
import { deliveryIdempotencyKey, type OutgoingEmail } from './message.ts';
import { latin1Html, oneByte } from './placeholders.ts';

/**
 * The invitation to take a course together. Rendered whole (invitations are rare, and the
 * inviter's first name varies), not through the composer's variants. Discreet when the
 * inviter is: the neutral sender and subject, no course title. No list headers and no
 * Reply-To: the invitee is nobody's subscriber, and a reply would reach nobody.
 */
export async function composeInvitation(
  settings: ComposeSettings,
  input: { to: string; fromName: string | null; discreet: boolean; tokenId: string; token: string },
): Promise<OutgoingEmail> {
  const { course, publicUrl } = settings;
  const { discreet, fromName } = input;
  const title = discreet ? course.discreet.senderName : course.title;
  const element = createElement(InvitationEmail, {
    preheader: 'Each at your own time; nothing is shared unless you choose.',
    fromName,
    courseTitle: title,
    discreet,
    inviteUrl: `${publicUrl}/invite/${input.token}`,
    expiresInDays: INVITATION_DAYS,
    // Present for every couples course (the loader requires it), and only they invite.
    safety: course.couplesSafety ?? '',
    footer: {
      courseTitle: title,
      reason: `You are receiving this because someone entered your address at ${new URL(publicUrl).host} to invite you. You are not subscribed to anything.`,
      helpText: discreet ? course.discreet.helpText : course.helpText,
      helpUrl: `${publicUrl}/help`,
    },
  });
  const [html, text] = await Promise.all([
    render(element),
    render(element, plainTextRenderOptions),
  ]);
  const from = fromName ? ` from ${fromName}` : '';
  return {
    idempotencyKey: deliveryIdempotencyKey(input.tokenId),
    from: `${senderName(course, discreet)} <${senderAddress(settings.mailFrom)}>`,
    to: input.to,
    subject: discreet ? `An invitation${from}` : `An invitation${from}: ${course.title}, together`,
    html: latin1Html(html),
    text: oneByte(text.replace(/\n{3,}/g, '\n\n')),
    headers: {},
    tags: [
      { name: 'course', value: course.id.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 256) },
      { name: 'message', value: INVITE_KEY },
    ],
  };
}
