import { Link } from '@react-email/link';
import { Text } from '@react-email/text';
import type { FooterProps } from './components/footer.tsx';
import { Layout } from './components/layout.tsx';
import { previewFooter } from './components/preview-data.ts';
import * as s from './components/styles.ts';
import { cls } from './theme.ts';

export interface ReflectionSavedEmailProps {
  preheader: string;
  greetingName: string;
  journalUrl: string;
  footer: FooterProps;
}

export default function ReflectionSavedEmail({
  preheader,
  greetingName,
  journalUrl,
  footer,
}: ReflectionSavedEmailProps) {
  return (
    <Layout title="Saved to your journal" preheader={preheader} footer={footer}>
      <Text className={cls.text} style={s.text}>
        {`Hi ${greetingName},`}
      </Text>
      <Text className={cls.text} style={s.question}>
        Saved to your journal. Only you can read it.
      </Text>
      <Text className={cls.text} style={s.text}>
        Thank you for taking the time to write. You can read it again, or add to it, whenever you
        like.
      </Text>
      <Text className={cls.text} style={s.text}>
        <Link href={journalUrl} className={cls.link} style={s.blockLink}>
          Open your journal
        </Link>
      </Text>
    </Layout>
  );
}

ReflectionSavedEmail.PreviewProps = {
  preheader: 'Saved to your journal. Only you can read it.',
  greetingName: 'Sam',
  journalUrl: 'https://tend.example.org/journal/3f9c2a7d1e',
  footer: previewFooter,
} satisfies ReflectionSavedEmailProps;
