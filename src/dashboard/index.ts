/**
 * dashboard — the staff web pages served by express: inbox, tickets, applications, reports and
 * admin, with live updates by server-sent events.
 */
export { createDashboard } from './module';
