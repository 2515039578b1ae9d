import { Heading } from '@react-email/heading';
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';
import type { FooterProps } from './components/footer.tsx';
import { Layout } from './components/layout.tsx';
import { LinkButton } from './components/link-button.tsx';
import * as s from './components/styles.ts';
import { cls } from './theme.ts';

export interface InvitationEmailProps {
  preheader: string;
  /** "Sam" from the inviter's first name, or null: then "Someone". */
  fromName: string | null;
  /** The course's title, or the neutral sender name when the inviter chose discretion. */
  courseTitle: string;
  discreet: boolean;
  inviteUrl: string;
  expiresInDays: number;
  /** The course's safety note on couples mode (course.yaml `couples_safety`). */
  safety: string;
  footer: FooterProps;
}

/**
 * An invitation to take a course together. Nothing in it comes from the inviter but an
 * optional first name: no message, no address, so it cannot carry anything else.
 */
export default function InvitationEmail({
  preheader,
  fromName,
  courseTitle,
  discreet,
  inviteUrl,
  expiresInDays,
  safety,
  footer,
}: InvitationEmailProps) {
  const who = fromName ? `${fromName}` : 'Someone';
  return (
    <Layout title="An invitation" preheader={preheader} footer={footer}>
      <Heading as="h1" className={cls.text} style={s.h1}>
        {fromName ? `An invitation from ${fromName}` : 'An invitation'}
      </Heading>
      <Text className={cls.text} style={s.text}>
        {discreet
          ? `${who} invited you to read a short series of emails together, each of you at your own time.`
          : `${who} invited you to take ${courseTitle} together: each of you gets the same lesson on the same day, at your own time, and keeps a private journal.`}
      </Text>
      <Text className={cls.text} style={s.text}>
        Nothing is shared unless you choose to share it, and either of you can stop sharing at any
        time. You will not be subscribed unless you say yes and confirm your address.
      </Text>
      <LinkButton href={inviteUrl} label="See the invitation" />
      <Section className={cls.reflect} style={s.reflectBox}>
        <Text className={cls.text} style={{ ...s.text, margin: 0 }}>
          {safety}
        </Text>
      </Section>
      <Text className={cls.text} style={s.text}>
        {`The invitation is open for ${expiresInDays} days. On its page you can also decline, or ask never to be invited again; the sender is not told either way.`}
      </Text>
    </Layout>
  );
}

InvitationEmail.PreviewProps = {
  preheader: 'Each at your own time; nothing is shared unless you choose.',
  fromName: 'Sam',
  courseTitle: 'Rebuilding Trust',
  discreet: false,
  inviteUrl: 'https://tend.example.org/invite/3f9c2a7d1e',
  expiresInDays: 14,
  safety:
    'Taking this course together is only for two people who feel safe with each other. Either of you can unlink at any moment; nobody is told.',
  footer: {
    courseTitle: 'Rebuilding Trust',
    reason: 'You are receiving this because someone entered your address to invite you.',
    helpText:
      'If you are in danger or thinking about harming yourself, please contact your local emergency number or a crisis line now.',
    helpUrl: 'https://tend.example.org/help',
  },
} satisfies InvitationEmailProps;
