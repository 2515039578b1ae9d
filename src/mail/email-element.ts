import { createElement, type ReactElement } from 'react';
import CheckinEmail from '../../emails/checkin.tsx';
import ClosingEmail from '../../emails/closing.tsx';
import type { FooterProps } from '../../emails/components/footer.tsx';
import ConfirmationEmail from '../../emails/confirmation.tsx';
import LessonEmail from '../../emails/lesson.tsx';
import PartnerHeldEmail from '../../emails/partner-held.tsx';
import ReflectionSavedEmail from '../../emails/reflection-saved.tsx';
import SignInEmail from '../../emails/sign-in.tsx';
import WelcomeEmail from '../../emails/welcome.tsx';
import {
  bodyFor,
  type Course,
  courseLength,
  discreetSubject,
  lessonPrompt,
  type Role,
} from '../course/course.ts';
import { SIGN_IN_KEY } from '../course/message-key.ts';
import type { LinkPurpose } from '../tokens/purpose.ts';
import type { ComposeSettings } from './compose.ts';

/**
 * Which template an email of a kind uses, with what subject and props: the one place a
 * message kind becomes an email. EmailComposer renders it once per variant and fills in
 * the per-recipient parts.
 */

/** How long a confirmation link works. */
export const CONFIRMATION_DAYS = 7;
/** How long a sign-in link works. */
export const SIGN_IN_MINUTES = 30;

/** The id of the preferences page's check-in section, which check-in links open. */
export const CHECKINS_ANCHOR = 'checkins';

/** The name in an email's From: the course's own, or the neutral one when discreet. */
export function senderName(course: Course, discreet: boolean): string {
  return discreet ? course.discreet.senderName : course.senderName;
}

/**
 * What the confirmation email shows in an inbox before it is opened, which the "check your
 * inbox" page tells people to look for.
 */
export function confirmationEnvelope(
  course: Course,
  discreet: boolean,
): { sender: string; subject: string } {
  return {
    sender: senderName(course, discreet),
    subject: discreet
      ? 'Please confirm your email address'
      : `Please confirm your subscription to ${course.title}`,
  };
}

/** The email of `kind` for a reader, its placeholders still unfilled for the composer. */
export function emailElement(
  settings: ComposeSettings,
  kind: string,
  role: Role | null,
  discreet: boolean,
  question: number,
  recipient: {
    readonly name: string;
    readonly links: Readonly<Record<LinkPurpose, string>>;
    readonly recap: string;
    readonly note: string;
  },
): { element: ReactElement; subject: string; listMail: boolean } {
  const { course, publicUrl } = settings;
  // Each route is named for the purpose of the tokens it accepts.
  const link = (purpose: LinkPurpose) => `${publicUrl}/${purpose}/${recipient.links[purpose]}`;
  const footer: FooterProps = {
    courseTitle: discreet ? course.discreet.senderName : course.title,
    reason: `You are receiving this because you signed up at ${new URL(publicUrl).host}.`,
    helpText: discreet ? course.discreet.helpText : course.helpText,
    // A course id in the address bar would name the topic: discreet mail links to /help.
    helpUrl: discreet ? `${publicUrl}/help` : `${publicUrl}/courses/${course.id}/help`,
    preferencesUrl: link('preferences'),
    unsubscribeUrl: link('unsubscribe'),
  };
  // position: the email's place in the course (0 the welcome, N+1 the closing).
  const neutral = (subject: string, preheader: string, position: number) =>
    discreet
      ? { subject: discreetSubject(course, position), preheader: course.discreet.preheader }
      : { subject, preheader };
  const body = (email: Course['welcome']) => bodyFor(email, role, course.roles);

  if (kind === 'confirm') {
    const { subject } = confirmationEnvelope(course, discreet);
    const preheader = discreet
      ? 'One click to confirm your email address.'
      : `One click to start ${course.title}. The link works for ${CONFIRMATION_DAYS} days.`;
    const { preferencesUrl: _p, unsubscribeUrl: _u, ...confirmFooter } = footer;
    return {
      subject,
      listMail: false,
      element: createElement(ConfirmationEmail, {
        courseTitle: discreet ? course.discreet.senderName : course.title,
        confirmUrl: link('confirm'),
        expiresInDays: CONFIRMATION_DAYS,
        courseLength: courseLength(course),
        preheader,
        footer: confirmFooter,
      }),
    };
  }
  if (kind === SIGN_IN_KEY) {
    const { preferencesUrl: _p, unsubscribeUrl: _u, ...signInFooter } = footer;
    return {
      subject: discreet ? 'Your sign-in link' : `Your sign-in link for ${course.title}`,
      listMail: false,
      element: createElement(SignInEmail, {
        preheader: `The link works once, for ${SIGN_IN_MINUTES} minutes.`,
        greetingName: recipient.name,
        signInUrl: link('signin'),
        expiresInMinutes: SIGN_IN_MINUTES,
        footer: signInFooter,
      }),
    };
  }
  if (kind === 'saved') {
    const preheader = 'Your reply is in your journal, where only you can read it.';
    return {
      subject: discreet ? 'Saved' : `Saved to your ${course.title} journal`,
      listMail: true,
      element: createElement(ReflectionSavedEmail, {
        preheader: discreet ? course.discreet.preheader : preheader,
        greetingName: recipient.name,
        journalUrl: link('journal'),
        footer,
      }),
    };
  }
  if (kind === 'partner-held') {
    // Neutral, and the same for either course or role: no reason, no word of a break.
    return {
      subject: discreet
        ? 'Your next note comes a little later'
        : `${course.title}: your next lesson comes a little later`,
      listMail: true,
      element: createElement(PartnerHeldEmail, {
        preheader: 'Nothing is needed from you.',
        greetingName: recipient.name,
        journalUrl: link('journal'),
        footer,
        discreet,
      }),
    };
  }
  if (kind === 'checkin') {
    const { checkins } = course;
    return {
      subject: discreet ? checkins.discreetSubject : checkins.subject,
      listMail: true,
      element: createElement(CheckinEmail, {
        preheader: discreet ? course.discreet.preheader : checkins.preheader,
        greetingName: recipient.name,
        introMarkdown: checkins.intro,
        question: checkins.questions[question] ?? '',
        reflectUrl: link('reflect'),
        checkinsUrl: `${link('preferences')}#${CHECKINS_ANCHOR}`,
        footer,
      }),
    };
  }
  if (kind === 'welcome') {
    const email = course.welcome;
    const { subject, preheader } = neutral(email.subject, email.preheader, 0);
    return {
      subject,
      listMail: true,
      element: createElement(WelcomeEmail, {
        title: email.title,
        preheader,
        greetingName: recipient.name,
        bodyMarkdown: body(email),
        exerciseMarkdown: email.exercise,
        journalUrl: link('journal'),
        preferencesUrl: link('preferences'),
        footer,
        discreet,
        // Only a course with roles has a choice to invite the reader to make.
        noRole: role === null && course.roles.length > 0,
      }),
    };
  }
  if (kind === 'closing') {
    const email = course.closing;
    const position = course.lessons.length + 1;
    const { subject, preheader } = neutral(email.subject, email.preheader, position);
    return {
      subject,
      listMail: true,
      element: createElement(ClosingEmail, {
        title: email.title,
        preheader,
        greetingName: recipient.name,
        bodyMarkdown: body(email),
        exerciseMarkdown: email.exercise,
        recapHtml: recipient.recap,
        journalUrl: link('journal'),
        checkinsUrl: `${link('preferences')}#${CHECKINS_ANCHOR}`,
        footer,
        discreet,
      }),
    };
  }
  const step = /^lesson:(\d+)$/.exec(kind)?.[1];
  const lesson = step ? course.lessons[Number(step) - 1] : undefined;
  if (!lesson) throw new Error(`no email for message "${kind}"`);
  const { subject, preheader } = neutral(lesson.subject, lesson.preheader, lesson.step);
  return {
    subject,
    listMail: true,
    element: createElement(LessonEmail, {
      step: lesson.step,
      totalSteps: course.lessons.length,
      title: lesson.title,
      preheader,
      greetingName: recipient.name,
      note: recipient.note,
      bodyMarkdown: body(lesson),
      exerciseMarkdown: lesson.exercise,
      prompt: lessonPrompt(lesson, role),
      reflectUrl: link('reflect'),
      journalUrl: link('journal'),
      footer,
      discreet,
    }),
  };
}
