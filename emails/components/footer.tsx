import { Link } from '@react-email/link';
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';
import { cls, light, space } from '../theme.ts';
import * as s from './styles.ts';

export interface FooterProps {
  courseTitle: string;
  /** Why the recipient gets this email, e.g. "You signed up for Rebuilding Trust at …". */
  reason: string;
  /** The safety line, e.g. "If you are in danger or thinking of harming yourself, …". */
  helpText: string;
  helpUrl: string;
  preferencesUrl?: string;
  unsubscribeUrl?: string;
}

/**
 * Footer: the safety line first and clearly, then the preference / unsubscribe links (each on
 * its own line, 44px tap targets), then the reason line and the course title.
 */
export function Footer({
  courseTitle,
  reason,
  helpText,
  helpUrl,
  preferencesUrl,
  unsubscribeUrl,
}: FooterProps) {
  return (
    <>
      <Section
        className={cls.safety}
        style={{
          backgroundColor: light.safetyBg,
          border: `1px solid ${light.safetyBorder}`,
          borderRadius: '10px',
          padding: `${space.md}px ${space.md}px ${space.xs}px`,
          margin: `0 0 ${space.md}px`,
        }}
      >
        <Text className={cls.text} style={{ ...s.text, margin: `0 0 ${space.xs}px` }}>
          {helpText}
        </Text>
        <Link href={helpUrl} className={cls.link} style={{ ...s.blockLink, fontWeight: 600 }}>
          Find help
        </Link>
      </Section>
      {preferencesUrl || unsubscribeUrl ? (
        <Section style={{ margin: `0 0 ${space.sm}px` }}>
          {preferencesUrl ? (
            <Text className={cls.muted} style={{ ...s.muted, margin: 0 }}>
              <Link href={preferencesUrl} className={cls.link} style={s.blockLink}>
                Change preferences or take a break
              </Link>
            </Text>
          ) : null}
          {unsubscribeUrl ? (
            <Text className={cls.muted} style={{ ...s.muted, margin: 0 }}>
              <Link href={unsubscribeUrl} className={cls.link} style={s.blockLink}>
                Unsubscribe
              </Link>
            </Text>
          ) : null}
        </Section>
      ) : null}
      <Text className={cls.muted} style={{ ...s.muted, margin: `${space.sm}px 0 ${space.xs}px` }}>
        {reason}
      </Text>
      <Text className={cls.muted} style={{ ...s.muted, margin: 0 }}>
        {courseTitle}
      </Text>
    </>
  );
}
