import { Button } from '@react-email/button';
import { Link } from '@react-email/link';
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';
import { cls } from '../theme.ts';
import * as s from './styles.ts';

/**
 * The one action of an email that exists for a link (confirm, sign in, see an invitation):
 * the button, then the same address written out for mail clients that do not show buttons.
 */
export function LinkButton({ href, label }: { href: string; label: string }) {
  return (
    <>
      <Section style={s.buttonRow}>
        <Button href={href} className={cls.button} style={s.button}>
          {label}
        </Button>
      </Section>
      <Text className={cls.muted} style={s.muted}>
        If the button does not work, copy and paste this link into your browser:
      </Text>
      <Text className={cls.muted} style={{ ...s.muted, wordBreak: 'break-all' }}>
        <Link href={href} className={cls.link} style={s.link}>
          {href}
        </Link>
      </Text>
    </>
  );
}
