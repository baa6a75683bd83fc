/*
 * training.h - training and online courses (社会培训 / 云端课堂, issue 15
 * part B): the rows of migration 0033 and the pure rules about them.
 *
 * A course belongs to an institution; it is online (lessons: an uploaded
 * PDF document or an https video link, each counting for some hours) or in
 * person (sessions with a time, a room and hours). A course moves draft →
 * open → closed, one step at a time; people enrol while it is open. Hours
 * done are the hours of the lessons completed plus the sessions attended;
 * the institution confirms completion once the course's hours are reached
 * (docs/training.md).
 */
#ifndef CORE_TRAINING_H
#define CORE_TRAINING_H

#include <stdbool.h>
#include <stddef.h>

#define TRAINING_TITLE_MAX 200        /* bytes */
#define TRAINING_DESCRIPTION_MAX 4000 /* bytes */
#define TRAINING_HOURS_MAX 2000       /* a course's or a lesson's hours */
#define TRAINING_URL_MAX 500
#define TRAINING_DOC_BYTES (8 * 1024 * 1024) /* a lesson's PDF */

struct training_course {
	long long id, institution_id;
	const char *institution_name;
	const char *title, *occupation_code, *mode, *description, *status;
	int target_level; /* 0 = none, else 1..5 */
	int hours;
	const char *created_by, *created_at;
	long long lessons, sessions, enrolled, completed; /* counts on reads */
};

struct training_lesson {
	long long id, course_id;
	int position;
	const char *title, *kind, *url, *filename, *digest;
	long long size;
	int hours;
	const char *data; /* base64; only when read for the file */
	const char *created_at;
};

struct training_session {
	long long id, course_id;
	const char *starts_at, *ends_at, *room;
	int hours;
};

struct training_enrolment {
	long long id, course_id, person_id;
	const char *person_name, *course_title, *course_mode, *course_status;
	int course_hours;
	const char *status; /* enrolled | completed | withdrawn */
	int hours_done;
	const char *enrolled_at, *completed_on; /* completed_on NULL until then */
	long long certificate_id;               /* 0 = none */
	const char *certificate_number;         /* NULL = none */
};

struct training_progress {
	long long enrolment_id, lesson_id;
	const char *completed_at;
};

struct training_attendance {
	long long session_id, enrolment_id;
	bool present;
	const char *recorded_by, *recorded_at;
};

/* A training certificate's facts (certificate_training, line "training"). */
struct cert_training {
	long long certificate_id, course_id, enrolment_id;
	int hours;
	const char *course_title, *occupation_code, *mode; /* on reads */
	long long institution_id;                          /* on reads */
};

/* "online" | "in_person" */
bool training_mode_valid(const char *s);
/* "document" | "video" */
bool training_lesson_kind_valid(const char *s);
/* "draft" | "open" | "closed" */
bool training_status_valid(const char *s);
/* Whether a course may go from status `from` to `to`: one step forward
 * (draft → open, open → closed). */
bool training_status_next(const char *from, const char *to);
/* An https link of at most TRAINING_URL_MAX bytes with a host, without
 * spaces, quotes, angle brackets or control characters. */
bool training_url_ok(const char *s);
/* Whether data starts as a PDF does ("%PDF-"). */
bool training_is_pdf(const void *data, size_t len);
/* A time "YYYY-MM-DDTHH:MM" (a valid day, 00:00..23:59). */
bool training_time_ok(const char *s);
/* Whether an enrolment with hours_done may be confirmed complete for a
 * course of course_hours. */
bool training_hours_reached(int hours_done, int course_hours);

#endif
