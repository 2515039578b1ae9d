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
  /** Markdown: a small exercise, shown in its own box. */
  exerciseMarkdown: string;
  journalUrl: string;
  preferencesUrl: string;
  footer: FooterProps;
  /** Discreet: a neutral heading and opening line instead of the course's title. */
  discreet?: boolean;
  /** A reader who chose no role is invited to choose one in their preferences. */
  noRole?: boolean;
}

export default function WelcomeEmail({
  title,
  preheader,
  greetingName,
  bodyMarkdown,
  exerciseMarkdown,
  journalUrl,
  preferencesUrl,
  footer,
  discreet = false,
  noRole = false,
}: WelcomeEmailProps) {
  return (
    <Layout title={discreet ? 'Welcome' : title} preheader={preheader} footer={footer}>
      <Heading as="h1" className={cls.text} style={s.h1}>
        {discreet ? 'Welcome' : title}
      </Heading>
      <Text className={cls.text} style={s.text}>
        {`Hi ${greetingName},`}
      </Text>
      {discreet ? (
        <Text className={cls.text} style={s.text}>
          Here is your first note. Read on when you have a few quiet minutes to yourself.
        </Text>
      ) : null}
      {noRole ? (
        <Section className={cls.exercise} style={s.exerciseBox}>
          <Text className={cls.text} style={s.text}>
            You did not choose which description fits you, so each email holds the part written for
            every reader, each under its own heading. To get only the part written for you, choose
            in your preferences whenever you like; or keep reading them all.
          </Text>
          <Link href={preferencesUrl} className={cls.link} style={s.blockLink}>
            Choose what fits you
          </Link>
        </Section>
      ) : null}
      <MarkdownBody>{bodyMarkdown}</MarkdownBody>
      <Section className={cls.exercise} style={s.exerciseBox}>
        <Heading as="h2" className={cls.text} style={s.boxTitle}>
          Try this
        </Heading>
        <MarkdownBody>{exerciseMarkdown}</MarkdownBody>
      </Section>
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
  exerciseMarkdown: 'Before tomorrow, write one sentence about what you hope these weeks give you.',
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
