/**
 * calendar — time: the clock port, the decree holiday tables, working days and response
 * deadlines, office opening hours, monthly schedule dates and Indonesian date wording.
 */
export { systemClock, ManualClock, type Clock } from './clock';
export { loadHolidayTables, type HolidayCalendar } from './holiday-tables';
export { createOfficeCalendar, type OfficeCalendar } from './working-days';
export { formatDateId, formatDateTimeId } from './format-id';
export { createScheduleService } from './schedule-service';
