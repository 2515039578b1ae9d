/** @jsxImportSource hono/jsx */
import { Page } from './layout.tsx';

/** What a reader is told for each refusal: what happened, and what they can do now. */
const ERRORS = {
  400: {
    title: 'That did not work',
    text: 'Something in what your browser sent could not be read, so nothing was changed. Go back and try again.',
  },
  403: {
    title: 'That form could not be accepted',
    text: 'For your safety we only accept forms sent from our own pages, so nothing was changed. Go back, reload the page and try again.',
  },
  404: {
    title: 'Page not found',
    text: 'There is nothing at this address. If you followed a link from one of our emails, it may have been cut short by your email app: try copying the whole link.',
  },
  405: {
    title: 'That did not work',
    text: 'This page cannot be used that way, so nothing was changed. Go back and try again.',
  },
  410: {
    title: 'This course has ended here',
    text: 'The course this link belongs to is no longer offered on this site, so no more emails of it will come. What you wrote is still yours: sign in to read or download your journal.',
  },
  413: {
    title: 'That was too long',
    text: 'What you sent was more than we can take at once, so nothing was saved. Go back, make it shorter and try again.',
  },
  415: {
    title: 'That did not work',
    text: 'Your browser sent something we cannot read, so nothing was changed. Go back and try again.',
  },
  429: {
    title: 'Too many tries',
    text: 'We received a lot of requests from you in a short time, so we paused them. Nothing is lost: wait a few minutes, then try again.',
  },
  500: {
    title: 'Something went wrong on our side',
    text: 'It was not your fault, and nothing you sent was lost. Please try again in a few minutes.',
  },
} as const;

export type ErrorStatus = keyof typeof ERRORS;

/** The status an error page exists for: the same, or the nearest general one. */
export function errorStatus(status: number): ErrorStatus {
  if (status in ERRORS) return status as ErrorStatus;
  return status >= 500 ? 500 : 400;
}

/** One page for every refusal: a title, what happened in plain words, and a way back. */
export function ErrorPage(props: { status: ErrorStatus }) {
  const { title, text } = ERRORS[props.status];
  return (
    <Page title={title}>
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <a class="button" href="/">
          Go to the start page
        </a>
      </p>
      <p>
        If you were in the middle of something, your browser's Back button takes you back to it.
      </p>
    </Page>
  );
}
