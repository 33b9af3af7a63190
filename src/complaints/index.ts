/**
 * complaints — complaint tickets: numbering, stages, the response deadline and its pauses,
 * responses to the complainant, the SLA monitor with its alerts, reports and the officers' API.
 */
export { createComplaintsModule, type ComplaintsModule } from './module';
