export type { CheckinEmailProps } from './checkin.tsx';
export { default as CheckinEmail } from './checkin.tsx';
export type { ClosingEmailProps } from './closing.tsx';
export { default as ClosingEmail } from './closing.tsx';
export type { FooterProps } from './components/footer.tsx';
export { Footer } from './components/footer.tsx';
export type { LayoutProps } from './components/layout.tsx';
export { Layout } from './components/layout.tsx';
export {
  MarkdownBody,
  markdownContainerStyles,
  markdownStyles,
} from './components/markdown-body.tsx';
export type { ConfirmationEmailProps } from './confirmation.tsx';
export { default as ConfirmationEmail } from './confirmation.tsx';
export type { LessonEmailProps } from './lesson.tsx';
export { default as LessonEmail } from './lesson.tsx';
export type { PartnerHeldEmailProps } from './partner-held.tsx';
export { default as PartnerHeldEmail } from './partner-held.tsx';
export { plainTextRenderOptions } from './plain-text.ts';
export type { ReflectionSavedEmailProps } from './reflection-saved.tsx';
export { default as ReflectionSavedEmail } from './reflection-saved.tsx';
export type { SignInEmailProps } from './sign-in.tsx';
export { default as SignInEmail } from './sign-in.tsx';
export * as theme from './theme.ts';
export type { WelcomeEmailProps } from './welcome.tsx';
export { default as WelcomeEmail } from './welcome.tsx';
