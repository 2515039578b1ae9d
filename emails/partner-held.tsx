import { Link } from '@react-email/link';
import { Text } from '@react-email/text';
import type { FooterProps } from './components/footer.tsx';
import { Layout } from './components/layout.tsx';
import { previewFooter } from './components/preview-data.ts';
import * as s from './components/styles.ts';
import { cls } from './theme.ts';

export interface PartnerHeldEmailProps {
  preheader: string;
  greetingName: string;
  journalUrl: string;
  footer: FooterProps;
  /** Discreet: "note" instead of "lesson", as the course's discreet emails say. */
  discreet?: boolean;
}

/**
 * To a partner whose next lesson is held because the other took a break (couples mode): that
 * it comes later, and that nothing is needed. No reason, no word of the other's break.
 */
export default function PartnerHeldEmail({
  preheader,
  greetingName,
  journalUrl,
  footer,
  discreet = false,
}: PartnerHeldEmailProps) {
  const next = discreet ? 'note' : 'lesson';
  return (
    <Layout title={`Your next ${next}`} preheader={preheader} footer={footer}>
      <Text className={cls.text} style={s.text}>
        {`Hi ${greetingName},`}
      </Text>
      <Text className={cls.text} style={s.text}>
        {`Your next ${next} will come a little later than usual. There is nothing you need to do: it will arrive by itself.`}
      </Text>
      <Text className={cls.text} style={s.text}>
        <Link href={journalUrl} className={cls.link} style={s.blockLink}>
          Open your journal
        </Link>
      </Text>
    </Layout>
  );
}

PartnerHeldEmail.PreviewProps = {
  preheader: 'Nothing is needed from you.',
  greetingName: 'Sam',
  journalUrl: 'https://tend.example.org/journal/3f9c2a7d1e',
  footer: previewFooter,
} satisfies PartnerHeldEmailProps;
