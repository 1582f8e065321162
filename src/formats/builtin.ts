/**
 * Built-in formats described as mappings (src/formats/mapping.ts): Boston, NYC, Open311 GeoReport v2 and the generic
 * `vigie-tickets` CSV (README.md, Formats). Sources: Boston's two column namings (`target_dt`/`sla_target_dt`,
 * `ontime`/`on_time`) and one-space empty fields; NYC's `MM/DD/YYYY hh:mm:ss AM` times; Open311's
 * `updated_datetime`, a close time only when the request is closed.
 */
import type { MappingConfig } from './mapping.ts';

export const BOSTON_311: MappingConfig = {
  format: 'boston-311', source: 'boston-311', kind: 'tickets', mode: 'incremental',
  required: ['case_enquiry_id', 'open_dt', 'case_status'],
  columns: {
    id: 'case_enquiry_id', created_at: 'open_dt', due_at: { first_of: ['target_dt', 'sla_target_dt'] }, closed_at: 'closed_dt',
    status: 'case_status', category: 'type', borough: 'neighborhood', channel: 'source', unit: 'department',
    latitude: 'latitude', longitude: 'longitude', address: 'location',
  },
  optional_columns: ['latitude', 'longitude', 'location'],
  datetime_formats: ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%m/%d/%Y %I:%M:%S %p'],
  timezone: 'America/New_York',
  values: {
    status: { Open: 'open', Closed: 'closed' },
    channel: {
      'Constituent Call': 'phone', 'Citizens Connect App': 'mobile', 'BOS311 App': 'mobile', 'Self Service': 'web',
      'Twitter': 'social', 'Employee Generated': 'other', 'City Worker App': 'other', 'Internal': 'other',
      'Maximo Integration': 'other', 'E-mail': 'email', 'Email': 'email', 'Walk-In': 'in_person',
    },
  },
};

export const NYC_311: MappingConfig = {
  format: 'nyc-311', source: 'nyc-311', kind: 'tickets', mode: 'incremental',
  required: ['Unique Key', 'Created Date', 'Complaint Type'],
  columns: {
    id: 'Unique Key', created_at: 'Created Date', closed_at: 'Closed Date', status: 'Status', due_at: 'Due Date',
    category: 'Complaint Type', borough: 'Borough', channel: 'Open Data Channel Type', unit: 'Agency',
    latitude: 'Latitude', longitude: 'Longitude', address: 'Incident Address',
  },
  // The city's later exports dropped the due date.
  optional_columns: ['Due Date', 'Latitude', 'Longitude', 'Incident Address'],
  datetime_formats: ['%m/%d/%Y %I:%M:%S %p', '%Y-%m-%dT%H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S'],
  timezone: 'America/New_York',
  values: {
    status: {
      'Open': 'open', 'Pending': 'open', 'Assigned': 'open', 'Started': 'open', 'In Progress': 'open', 'Email Sent': 'open',
      'Draft': 'open', 'Closed': 'closed', 'Unspecified': 'unknown',
    },
    channel: { PHONE: 'phone', ONLINE: 'web', MOBILE: 'mobile', OTHER: 'other', UNKNOWN: 'unknown' },
  },
};

export const OPEN311: MappingConfig = {
  format: 'open311', source: 'open311', kind: 'tickets', mode: 'snapshot',
  required: ['service_request_id', 'requested_datetime', 'status'],
  columns: {
    id: 'service_request_id', created_at: 'requested_datetime', closed_at: 'updated_datetime', due_at: 'expected_datetime',
    status: 'status', category: 'service_name', unit: 'agency_responsible', latitude: 'lat', longitude: 'long', address: 'address',
  },
  // Optional in the GeoReport v2 specification.
  optional_columns: ['expected_datetime', 'agency_responsible', 'lat', 'long', 'address'],
  close_only_when_closed: true,
  values: { status: { open: 'open', closed: 'closed' } },
};

export const VIGIE_TICKETS: MappingConfig = {
  format: 'vigie-tickets', source: 'vigie-tickets', kind: 'tickets', mode: 'incremental',
  required: ['id', 'created_at'],
  columns: {
    id: 'id', created_at: 'created_at', closed_at: 'closed_at', status: 'status', due_at: 'due_at', borough: 'borough',
    category: 'category', theme: 'theme', channel: 'channel', latitude: 'latitude', longitude: 'longitude', address: 'address',
  },
  // The generic format documents every column but the first two as optional.
  optional_columns: ['closed_at', 'status', 'due_at', 'borough', 'category', 'theme', 'channel', 'latitude', 'longitude', 'address'],
};

export const BUILTIN_MAPPINGS = [BOSTON_311, NYC_311, OPEN311, VIGIE_TICKETS];
