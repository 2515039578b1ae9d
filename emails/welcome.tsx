import { Heading } from '@react-email/heading';
import { Link } from '@react-email/link';
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';
import type { FooterProps } from './components/footer.tsx';
import { Layout } from './components/layout.tsx';
import { MarkdownBody } from './components/markdown-body.tsx';
import { previewFooter } from './components/preview-data.ts';
import * as s from './components/styles.ts';
import { cls } from './theme.ts';

export interface WelcomeEmailProps {
  title: string;
  preheader: string;
  greetingName: string;
  bodyMarkdown: string;
  journalUrl: string;
  preferencesUrl: string;
  footer: FooterProps;
}

export default function WelcomeEmail({
  title,
  preheader,
  greetingName,
  bodyMarkdown,
  journalUrl,
  preferencesUrl,
  footer,
}: WelcomeEmailProps) {
  return (
    <Layout title={title} preheader={preheader} footer={footer}>
      <Heading as="h1" className={cls.text} style={s.h1}>
        {title}
      </Heading>
      <Text className={cls.text} style={s.text}>
        {`Hi ${greetingName},`}
      </Text>
      <MarkdownBody>{bodyMarkdown}</MarkdownBody>
      <Section className={cls.reflect} style={s.reflectBox}>
        <Heading as="h2" className={cls.text} style={s.boxTitle}>
          Your private journal
        </Heading>
        <Text className={cls.text} style={s.text}>
          Whatever you write along the way is kept in a journal that only you can read.
        </Text>
        <Link href={journalUrl} className={cls.link} style={s.blockLink}>
          Open your journal
        </Link>
      </Section>
      <Text className={cls.text} style={{ ...s.text, margin: 0 }}>
        You can change how often you hear from us, or take a break, at any time.
      </Text>
      <Text className={cls.text} style={s.text}>
        <Link href={preferencesUrl} className={cls.link} style={s.blockLink}>
          Change your preferences
        </Link>
      </Text>
    </Layout>
  );
}

WelcomeEmail.PreviewProps = {
  title: 'Welcome to Rebuilding Trust',
  preheader: 'What to expect over the next few weeks, and how to go at your own pace.',
  greetingName: 'Sam',
  bodyMarkdown: `I'm glad you're here. Over the next weeks you'll get **one short step** at a time.

## How it works

- Each step takes about ten minutes.
- There is a small exercise to try that day.
- You can reply with a reflection, or not. Both are fine.

There is no way to fall behind.`,
  journalUrl: 'https://tend.example.org/journal/3f9c2a7d1e',
  preferencesUrl: 'https://tend.example.org/preferences/3f9c2a7d1e',
  footer: previewFooter,
} satisfies WelcomeEmailProps;
