import type { FooterProps } from './footer.tsx';

/** Sample footer used by the templates' PreviewProps (React Email preview server only). */
export const previewFooter = {
  courseTitle: 'Rebuilding Trust',
  reason: 'You are receiving this because you signed up for Rebuilding Trust.',
  helpText:
    'If you are in danger or thinking about harming yourself, please contact your local emergency number or a crisis line now.',
  helpUrl: 'https://tend.example.org/help',
  preferencesUrl: 'https://tend.example.org/preferences/3f9c2a7d1e',
  unsubscribeUrl: 'https://tend.example.org/unsubscribe/3f9c2a7d1e',
} satisfies FooterProps;
