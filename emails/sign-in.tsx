import { Heading } from '@react-email/heading';
import { Text } from '@react-email/text';
import type { FooterProps } from './components/footer.tsx';
import { Layout } from './components/layout.tsx';
import { LinkButton } from './components/link-button.tsx';
import * as s from './components/styles.ts';
import { cls } from './theme.ts';

export interface SignInEmailProps {
  preheader: string;
  greetingName: string;
  signInUrl: string;
  expiresInMinutes: number;
  footer: FooterProps;
}

/** The link someone asked for to read their journal or their data: it works once. */
export default function SignInEmail({
  preheader,
  greetingName,
  signInUrl,
  expiresInMinutes,
  footer,
}: SignInEmailProps) {
  return (
    <Layout title="Your sign-in link" preheader={preheader} footer={footer}>
      <Heading as="h1" className={cls.text} style={s.h1}>
        Your sign-in link
      </Heading>
      <Text className={cls.text} style={s.text}>
        {`Hi ${greetingName},`}
      </Text>
      <Text className={cls.text} style={s.text}>
        Someone, hopefully you, asked for a link to sign in and read your journal or your data.
      </Text>
      <LinkButton href={signInUrl} label="Sign in" />
      <Text className={cls.text} style={s.text}>
        {`The link works once, for ${expiresInMinutes} minutes. Please do not forward this email.`}
      </Text>
      <Text className={cls.text} style={s.text}>
        If you did not ask for it, you can ignore this email: nobody can sign in without it.
      </Text>
    </Layout>
  );
}

SignInEmail.PreviewProps = {
  preheader: 'The link works once, for 30 minutes.',
  greetingName: 'Sam',
  signInUrl: 'https://tend.example.org/signin/3f9c2a7d1e',
  expiresInMinutes: 30,
  footer: {
    courseTitle: 'Rebuilding Trust',
    reason: 'You are receiving this because a sign-in link was asked for with this address.',
    helpText:
      'If you are in danger or thinking about harming yourself, please contact your local emergency number or a crisis line now.',
    helpUrl: 'https://tend.example.org/help',
  },
} satisfies SignInEmailProps;
