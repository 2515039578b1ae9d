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

export interface ClosingEmailProps {
  title: string;
  preheader: string;
  greetingName: string;
  bodyMarkdown: string;
  /** Markdown: a small exercise, shown in its own box. */
  exerciseMarkdown: string;
  /**
   * Trusted, already-escaped HTML built by the app from the subscriber's own reflections.
   * Inserted as-is. Inline-style it (e.g. with `markdownStyles`) since clients ignore <style>.
   */
  recapHtml: string;
  journalUrl: string;
  /** The preferences page opened at its check-in section (#checkins). */
  checkinsUrl: string;
  footer: FooterProps;
  /**
   * Discreet: a neutral heading and opening line, and a link to the journal instead of the
   * recap (recapHtml is not shown), so that no reflection is on screen when it is opened.
   */
  discreet?: boolean;
}

export default function ClosingEmail({
  title,
  preheader,
  greetingName,
  bodyMarkdown,
  exerciseMarkdown,
  recapHtml,
  journalUrl,
  checkinsUrl,
  footer,
  discreet = false,
}: ClosingEmailProps) {
  return (
    <Layout title={discreet ? 'Your last note' : title} preheader={preheader} footer={footer}>
      <Heading as="h1" className={cls.text} style={s.h1}>
        {discreet ? 'Your last note' : title}
      </Heading>
      <Text className={cls.text} style={s.text}>
        {`Hi ${greetingName},`}
      </Text>
      {discreet ? (
        <Section className={cls.reflect} style={s.reflectBox}>
          <Text className={cls.text} style={s.text}>
            Here is your last note. Everything you wrote along the way is kept in your private
            journal, where only you can read it.
          </Text>
          <Link href={journalUrl} className={cls.link} style={s.blockLink}>
            Open your journal
          </Link>
        </Section>
      ) : (
        <Section className={cls.reflect} style={s.reflectBox}>
          <Heading as="h2" className={cls.text} style={s.boxTitle}>
            What you wrote along the way
          </Heading>
          <div
            className={cls.markdown}
            style={{ ...s.text, margin: 0 }}
            dangerouslySetInnerHTML={{ __html: recapHtml }}
          />
          <Text className={cls.text} style={{ ...s.text, margin: 0 }}>
            <Link href={journalUrl} className={cls.link} style={s.blockLink}>
              Read all of it in your journal
            </Link>
          </Text>
        </Section>
      )}
      <MarkdownBody>{bodyMarkdown}</MarkdownBody>
      <Section className={cls.exercise} style={s.exerciseBox}>
        <Heading as="h2" className={cls.text} style={s.boxTitle}>
          Try this
        </Heading>
        <MarkdownBody>{exerciseMarkdown}</MarkdownBody>
      </Section>
      <Section className={cls.exercise} style={s.exerciseBox}>
        <Heading as="h2" className={cls.text} style={s.boxTitle}>
          Keep going, gently
        </Heading>
        <Text className={cls.text} style={s.text}>
          If you would like, we can keep you company with a short weekly check-in: one question, a
          few minutes, whenever suits you. You can stop them at any time.
        </Text>
        <Text className={cls.text} style={s.text}>
          <Link href={checkinsUrl} className={cls.link} style={s.blockLink}>
            Set up weekly check-ins
          </Link>
        </Text>
      </Section>
    </Layout>
  );
}

ClosingEmail.PreviewProps = {
  title: 'The end of this course, not of the work',
  preheader: 'A look back at what you wrote, and a way to keep going if you want to.',
  greetingName: 'Sam',
  exerciseMarkdown: 'Read back one thing you wrote early on, and notice what has moved since.',
  bodyMarkdown: `You have reached the last step. Whatever you did or didn't manage, **you showed up**, and that counts.

Trust takes time. Come back to these steps whenever you need them.`,
  recapHtml:
    '<p style="margin:0 0 12px"><strong>Step 3, Small promises, kept:</strong> I said I would call on Sunday, and I did.</p><p style="margin:0 0 12px"><strong>Step 7, Listening:</strong> Harder than I thought.</p>',
  journalUrl: 'https://tend.example.org/journal/3f9c2a7d1e',
  checkinsUrl: 'https://tend.example.org/preferences/3f9c2a7d1e#checkins',
  footer: previewFooter,
} satisfies ClosingEmailProps;
