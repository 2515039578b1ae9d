import { Heading } from '@react-email/heading';
import { Text } from '@react-email/text';
import type { FooterProps } from './components/footer.tsx';
import { Layout } from './components/layout.tsx';
import { LinkButton } from './components/link-button.tsx';
import * as s from './components/styles.ts';
import { cls } from './theme.ts';

export interface ConfirmationEmailProps {
  courseTitle: string;
  confirmUrl: string;
  expiresInDays: number;
  /** What confirming starts, in the words of courseLength (src/course/course.ts). */
  courseLength: string;
  preheader: string;
  footer: FooterProps;
}

/**
 * Holds nothing the person signing up typed (no name): anyone can sign up any address, and
 * this is the one email such a stranger can cause.
 */
export default function ConfirmationEmail({
  courseTitle,
  confirmUrl,
  expiresInDays,
  courseLength,
  preheader,
  footer,
}: ConfirmationEmailProps) {
  const days = expiresInDays === 1 ? '1 day' : `${expiresInDays} days`;
  return (
    <Layout title="One small step to begin" preheader={preheader} footer={footer}>
      <Heading as="h1" className={cls.text} style={s.h1}>
        One small step to begin
      </Heading>
      <Text className={cls.text} style={s.text}>
        Hello,
      </Text>
      <Text className={cls.text} style={s.text}>
        {`Thank you for signing up for ${courseTitle}. Please confirm that this is your email address and that you would like to receive the course.`}
      </Text>
      <Text className={cls.text} style={s.text}>
        {`What confirming starts: ${courseLength.charAt(0).toLowerCase()}${courseLength.slice(1)}`}
      </Text>
      <LinkButton href={confirmUrl} label="Confirm my email" />
      <Text className={cls.text} style={s.text}>
        {`This link expires in ${days}.`}
      </Text>
      <Text className={cls.text} style={s.text}>
        If you did not sign up, you can safely ignore this email. You will not get anything more
        from us.
      </Text>
    </Layout>
  );
}

ConfirmationEmail.PreviewProps = {
  courseTitle: 'Rebuilding Trust',
  confirmUrl: 'https://tend.example.org/confirm/3f9c2a7d1e',
  expiresInDays: 7,
  courseLength:
    'A welcome email as soon as you confirm, then 10 lessons, one a day, and a closing note the day after the last lesson.',
  preheader: 'Confirm your email to start Rebuilding Trust.',
  footer: {
    courseTitle: 'Rebuilding Trust',
    reason:
      'You are receiving this because someone signed up for Rebuilding Trust with this address.',
    helpText:
      'If you are in danger or thinking about harming yourself, please contact your local emergency number or a crisis line now.',
    helpUrl: 'https://tend.example.org/help',
  },
} satisfies ConfirmationEmailProps;
