// Reads an iCalendar file with ical.js and prints what a calendar client would show, as JSON:
// each event's UID, SEQUENCE, STATUS, zone and start/end as UTC instants resolved through the file's own VTIMEZONEs.
// Exits non-zero when the file does not parse or an event names a zone the file does not define.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
ICAL.TimezoneService.reset();
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const tzid = component.getFirstProperty("dtstart").getParameter("tzid") ?? null;
  if (tzid && !ICAL.TimezoneService.has(tzid)) {
    throw new Error(`${event.uid}: TZID ${tzid} has no VTIMEZONE in the file`);
  }
  return {
    uid: event.uid,
    sequence: event.sequence,
    status: component.getFirstPropertyValue("status"),
    summary: event.summary,
    tzid,
    allDay: event.startDate.isDate,
    start: event.startDate.isDate ? event.startDate.toString() : event.startDate.toJSDate().toISOString(),
    end: event.endDate.isDate ? event.endDate.toString() : event.endDate.toJSDate().toISOString(),
  };
});
console.log(JSON.stringify({
  version: calendar.getFirstPropertyValue("version"),
  prodid: calendar.getFirstPropertyValue("prodid"),
  timezones: calendar.getAllSubcomponents("vtimezone").map((zone) => zone.getFirstPropertyValue("tzid")),
  events,
}));
