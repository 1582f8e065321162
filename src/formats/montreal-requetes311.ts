/**
 * `montreal-requetes311`: the Ville de Montréal "Requêtes 311" open-data export — today's 29-column CSV (with
 * DERNIER_STATUT and DATE_DERNIER_STATUT), the 2014–2021 archive CSVs (same columns without status) and the same rows
 * as a JSON array. Snapshot mode: each export re-publishes every request. Times are naive local Montréal time.
 *
 * Rules (docs/methods.md §2.1, §6.1): status Terminée → closed; Annulée, Supprimée → cancelled; Refusée → refused; Acceptée, Prise en
 * charge, Transmise pour traitement, Urgente, Réactivée → open; empty or absent → unknown. `closed_at` is
 * DATE_DERNIER_STATUT for closed, cancelled and refused rows only. Borough = ARRONDISSEMENT (the unit responsible),
 * ARRONDISSEMENT_GEO and UNITE_RESP_PARENT kept. Channel from PROVENANCE_ORIGINALE; nature from NATURE (with or without
 * accent). DATE_DERNIER_STATUT is also every row's status time. Location: LOC_LAT, LOC_LONG and RUE (or the two
 * intersecting streets). Information rows have no id. Borough names are resolved to the official names
 * (src/standards/boroughs.ts); when ARRONDISSEMENT is empty, UNITE_RESP_PARENT gives the borough if it names one (`ST-LAURENT`); central units (the
 * 311 division) are not boroughs and not a finding.
 */
import { blankToNull, codeTable, readsOfFields, type TicketAdapter, type TicketFieldSql } from './types.ts';

const LOCATION_COLUMNS = ['LOC_LAT', 'LOC_LONG', 'RUE', 'RUE_INTERSECTION1', 'RUE_INTERSECTION2'];

function montrealFields(col: (name: string) => string): TicketFieldSql {
  return {
    id: blankToNull(col('ID_UNIQUE')),
    natureRaw: blankToNull(col('NATURE')),
    statusRaw: blankToNull(col('DERNIER_STATUT')),
    createdText: blankToNull(col('DDS_DATE_CREATION')),
    closedText: 'CAST(NULL AS VARCHAR)',
    dueText: 'CAST(NULL AS VARCHAR)',
    statusTimeText: blankToNull(col('DATE_DERNIER_STATUT')),
    boroughRaw: blankToNull(col('ARRONDISSEMENT')),
    boroughGeoRaw: blankToNull(col('ARRONDISSEMENT_GEO')),
    unitRaw: blankToNull(col('UNITE_RESP_PARENT')),
    category: blankToNull(col('ACTI_NOM')),
    channelRaw: blankToNull(col('PROVENANCE_ORIGINALE')),
    latitudeText: blankToNull(col('LOC_LAT')),
    longitudeText: blankToNull(col('LOC_LONG')),
    // The street, or the intersection where the request names two streets.
    addressText: `coalesce(${blankToNull(col('RUE'))}, nullif(concat_ws(' / ', ${blankToNull(col('RUE_INTERSECTION1'))}, ${blankToNull(col('RUE_INTERSECTION2'))}), ''))`,
  };
}

export const montrealRequetes311: TicketAdapter = {
  name: 'montreal-requetes311',
  kind: 'tickets',
  source: 'montreal-requetes311',
  mode: 'snapshot',
  zone: 'America/Toronto',
  boroughs: 'montreal',
  offsets: false,
  closeOnlyWhenClosed: false,
  required: ['ID_UNIQUE', 'NATURE', 'ACTI_NOM', 'ARRONDISSEMENT', 'DDS_DATE_CREATION'],
  // Every column of today's 29-column export (the archive lacks the last two), read or not.
  optional: ['ARRONDISSEMENT_GEO', 'UNITE_RESP_PARENT', 'PROVENANCE_ORIGINALE', 'DERNIER_STATUT', 'DATE_DERNIER_STATUT',
    'TYPE_LIEU_INTERV', 'RUE', 'LIN_CODE_POSTAL', 'LOC_LONG', 'LOC_LAT', 'LOC_X', 'LOC_Y', 'PROVENANCE_TELEPHONE',
    'RUE_INTERSECTION1', 'RUE_INTERSECTION2', 'LOC_ERREUR_GDT', 'PROVENANCE_COURRIEL', 'PROVENANCE_PERSONNE', 'PROVENANCE_COURRIER',
    'PROVENANCE_TELECOPIEUR', 'PROVENANCE_INSTANCE', 'PROVENANCE_MOBILE', 'PROVENANCE_MEDIASOCIAUX', 'PROVENANCE_SITEINTERNET'],
  // The location is read where the drop has it, never required: a drop without it reads every other field the same.
  reads: readsOfFields(montrealFields).filter(([c]) => !LOCATION_COLUMNS.includes(c!)),
  // The 2014–2021 archive CSVs and the old JSON export have no status: every request's status is then unknown.
  mayLack: [['DERNIER_STATUT', 'DATE_DERNIER_STATUT']],
  timeFormats: ['%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S.%f', '%Y-%m-%d %H:%M'],
  // Information rows carry no id in every Montréal export; other natures must have one.
  idOptional: `nature = 'information'`,
  closeFromStatusTime: true,
  columns: { id: 'ID_UNIQUE', created: 'DDS_DATE_CREATION', closed: 'DATE_DERNIER_STATUT', due: '-',
    statusTime: 'DATE_DERNIER_STATUT', status: 'DERNIER_STATUT', nature: 'NATURE', channel: 'PROVENANCE_ORIGINALE',
    category: 'ACTI_NOM', borough: 'ARRONDISSEMENT', boroughGeo: 'ARRONDISSEMENT_GEO', unit: 'UNITE_RESP_PARENT',
    latitude: 'LOC_LAT', longitude: 'LOC_LONG' },
  fields: montrealFields,
  status: codeTable({
    'terminee': 'closed', 'annulee': 'cancelled', 'supprimee': 'cancelled', 'refusee': 'refused', 'acceptee': 'open',
    'prise en charge': 'open', 'transmise pour traitement': 'open', 'urgente': 'open', 'reactivee': 'open',
  }),
  nature: codeTable({ 'requete': 'request', 'information': 'information', 'plainte': 'complaint', 'commentaire': 'comment' }),
  channel: codeTable({
    'telephone': 'phone', 'courriel': 'email', 'personne': 'in_person', 'courrier': 'mail', 'telecopieur': 'fax',
    'instance': 'other', 'mobile': 'mobile', 'medias sociaux': 'social', 'site internet': 'web',
  }),
  defaults: { status: 'unknown', nature: 'request', channel: 'unknown' },
};
