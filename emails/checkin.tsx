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
import { cls } from './theme.ts';

export interface CheckinEmailProps {
  preheader: string;
  greetingName: string;
  introMarkdown: string;
  question: string;
  reflectUrl: string;
  /** The preferences page opened at its check-in section (#checkins). */
  checkinsUrl: string;
  footer: FooterProps;
}

export default function CheckinEmail({
  preheader,
  greetingName,
  introMarkdown,
  question,
  reflectUrl,
  checkinsUrl,
  footer,
}: CheckinEmailProps) {
  return (
    <Layout title="Your weekly check-in" preheader={preheader} footer={footer}>
      <Heading as="h1" className={cls.text} style={s.h1}>
        Your weekly check-in
      </Heading>
      <Text className={cls.text} style={s.text}>
        {`Hi ${greetingName},`}
      </Text>
      <MarkdownBody>{introMarkdown}</MarkdownBody>
      <Section className={cls.reflect} style={s.reflectBox}>
        {/* Not a <Heading>: plain-text conversion uppercases headings, and this may be a placeholder. */}
        <Text className={cls.text} style={{ ...s.question, fontSize: '22px', lineHeight: '32px' }}>
          {question}
        </Text>
        <Section style={s.buttonRow}>
          <Button href={reflectUrl} className={cls.button} style={s.button}>
            Write your answer
          </Button>
        </Section>
        <Text className={cls.text} style={s.text}>
          Or reply to this email: your answer is saved to your private journal, which only you can
          read.
        </Text>
      </Section>
      <Text className={cls.text} style={s.text}>
        <Link href={checkinsUrl} className={cls.link} style={s.blockLink}>
          Change or stop these check-ins
        </Link>
      </Text>
    </Layout>
  );
}

CheckinEmail.PreviewProps = {
  preheader: 'One question for this week, whenever you have a few quiet minutes.',
  greetingName: 'Sam',
  introMarkdown: 'Here is this week’s question. There is no right answer, and no hurry.',
  question: 'When did you feel trusted this week, even a little?',
  reflectUrl: 'https://tend.example.org/reflect/3f9c2a7d1e',
  checkinsUrl: 'https://tend.example.org/preferences/3f9c2a7d1e#checkins',
  footer: previewFooter,
} satisfies CheckinEmailProps;
