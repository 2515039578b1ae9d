import { Button } from '@react-email/button';
import { Heading } from '@react-email/heading';
import { Link } from '@react-email/link';
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';
import type { FooterProps } from './components/footer.tsx';
import { Layout } from './components/layout.tsx';
import { MarkdownBody } from './components/markdown-body.tsx';
import { previewFooter } from './components/preview-data.ts';
import * as s from './components/styles.ts';
import { cls, space } from './theme.ts';

export interface LessonEmailProps {
  step: number;
  totalSteps: number;
  title: string;
  preheader: string;
  greetingName: string;
  /**
   * A slot at the end of the greeting's paragraph for one recipient's own sentence (a lesson
   * that waited for the partner says why): the composer renders a placeholder here and fills
   * it in per recipient, line break included. It shares the greeting's text node so that an
   * empty note leaves no trace (React would put a comment between two text nodes).
   */
  note?: string;
  bodyMarkdown: string;
  exerciseMarkdown: string;
  prompt: string;
  reflectUrl: string;
  journalUrl: string;
  footer: FooterProps;
  /** Discreet: "Day 3" and a neutral opening line come first, the lesson's title after them. */
  discreet?: boolean;
}

const DISCREET_OPENER =
  "Here is today's note. Read on when you have a few quiet minutes to yourself.";

export default function LessonEmail({
  step,
  totalSteps,
  title,
  preheader,
  greetingName,
  note = '',
  bodyMarkdown,
  exerciseMarkdown,
  prompt,
  reflectUrl,
  journalUrl,
  footer,
  discreet = false,
}: LessonEmailProps) {
  return (
    <Layout title={discreet ? `Day ${step}` : title} preheader={preheader} footer={footer}>
      {discreet ? null : (
        <Text className={cls.muted} style={s.eyebrow}>
          {`Step ${step} of ${totalSteps}`}
        </Text>
      )}
      <Heading as="h1" className={cls.text} style={s.h1}>
        {discreet ? `Day ${step}` : title}
      </Heading>
      <Text className={cls.text} style={s.text}>
        {`Hi ${greetingName},${note}`}
      </Text>
      {discreet ? (
        <>
          <Text className={cls.text} style={s.text}>
            {DISCREET_OPENER}
          </Text>
          <Heading as="h2" className={cls.text} style={s.h2}>
            {title}
          </Heading>
        </>
      ) : null}
      <MarkdownBody>{bodyMarkdown}</MarkdownBody>
      <Section className={cls.exercise} style={s.exerciseBox}>
        <Heading as="h2" className={cls.text} style={s.boxTitle}>
          Try this today
        </Heading>
        <MarkdownBody>{exerciseMarkdown}</MarkdownBody>
      </Section>
      <Section className={cls.reflect} style={s.reflectBox}>
        <Heading as="h2" className={cls.text} style={s.boxTitle}>
          Reflect
        </Heading>
        <Text className={cls.text} style={s.question}>
          {prompt}
        </Text>
        <Section style={s.buttonRow}>
          <Button href={reflectUrl} className={cls.button} style={s.button}>
            Write your reflection
          </Button>
        </Section>
        <Text className={cls.text} style={s.text}>
          Or simply reply to this email: your reply is saved to your private journal, which only you
          can read.
        </Text>
        <Text className={cls.text} style={{ ...s.text, margin: `0 0 ${space.sm}px` }}>
          <Link href={journalUrl} className={cls.link} style={s.blockLink}>
            Open your journal
          </Link>
        </Text>
      </Section>
    </Layout>
  );
}

LessonEmail.PreviewProps = {
  step: 3,
  totalSteps: 10,
  title: 'Small promises, kept',
  preheader: 'Trust grows back in small, ordinary moments. Today: one promise you can keep.',
  greetingName: 'Sam',
  bodyMarkdown: `Trust is rarely rebuilt by grand gestures. It comes back through **small promises, kept** again and again.

## Why small works

- It is easy to follow through.
- The other person can *see* it happen.
- It builds a record you can both point to.`,
  exerciseMarkdown:
    'Pick **one** small thing you can promise today, say it out loud, and do it before the day ends.',
  prompt: 'What did it feel like to keep (or not keep) that promise?',
  reflectUrl: 'https://tend.example.org/reflect/3f9c2a7d1e',
  journalUrl: 'https://tend.example.org/journal/3f9c2a7d1e',
  footer: previewFooter,
} satisfies LessonEmailProps;
