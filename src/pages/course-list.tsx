/** @jsxImportSource hono/jsx */
import { type Course, courseLength } from '../course/course.ts';
import { Page } from './layout.tsx';

/** The home page of an instance with several courses: each with its own signup page. */
export function CourseListPage(props: { courses: readonly Course[] }) {
  return (
    <Page title="Courses">
      <h1>Courses</h1>
      <p>Each course arrives by email at a time you choose. Pick the one you came for.</p>
      <ul class="course-list">
        {props.courses.map((course) => (
          <li class="card" key={course.id}>
            <h2>
              <a href={`/courses/${course.id}`}>{course.title}</a>
            </h2>
            <p>{course.tagline}</p>
            <p class="muted">{courseLength(course)}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
