// Expand iCalendar files with ical.js (Mozilla's calendar engine, the one
// inside Thunderbird): a second reader for the tests, independent of the
// icalendar package that writes exerciselib's files.
//
//   node icaljs_expand.mjs PATH/TO/ical.js/dist/ical.js
//
// Reads one calendar per line on stdin (a JSON string) and writes one line
// per calendar on stdout: {"occurrences": [[start, length], ...]} with each
// occurrence's start in seconds since 1970-01-01T00:00:00Z and its length in
// seconds, sorted by start, or {"error": "..."}. ical.js ships no zone data:
// every TZID is placed by the VTIMEZONE in the file alone (the zone service
// is emptied before each calendar, so none leaks from one to the next).
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

const ICAL = (await import(pathToFileURL(process.argv[2]).href)).default;

// More occurrences than any tested plan has: an unbounded rule is an error.
const LIMIT = 100000;

function seconds(time) {
  return time.toUnixTime();
}

function expand(text) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(text));
  const components = calendar.getAllSubcomponents("vevent");
  const exceptions = new Map();
  for (const component of components) {
    if (component.hasProperty("recurrence-id")) {
      const uid = component.getFirstPropertyValue("uid");
      exceptions.set(uid, [...(exceptions.get(uid) || []), component]);
    }
  }
  const found = [];
  const masters = new Set();
  for (const component of components) {
    if (component.hasProperty("recurrence-id")) {
      continue;
    }
    const uid = component.getFirstPropertyValue("uid");
    masters.add(uid);
    const event = new ICAL.Event(component, {
      strictExceptions: true,
      exceptions: exceptions.get(uid) || [],
    });
    if (!event.isRecurring()) {
      found.push([event.startDate, event.endDate]);
      continue;
    }
    const iterator = event.iterator();
    for (let next = iterator.next(); next; next = iterator.next()) {
      if (found.length >= LIMIT) {
        throw new Error(`more than ${LIMIT} occurrences`);
      }
      const details = event.getOccurrenceDetails(next);
      found.push([details.startDate, details.endDate]);
    }
  }
  // An exception whose series is not in the file stands alone.
  for (const [uid, orphans] of exceptions) {
    if (!masters.has(uid)) {
      for (const component of orphans) {
        const event = new ICAL.Event(component);
        found.push([event.startDate, event.endDate]);
      }
    }
  }
  return found
    .map(([start, end]) => [seconds(start), seconds(end) - seconds(start)])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

const lines = createInterface({ input: process.stdin, terminal: false });
for await (const line of lines) {
  let answer;
  try {
    answer = { occurrences: expand(JSON.parse(line)) };
  } catch (error) {
    answer = { error: String(error && error.stack ? error.stack : error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
