/**
 * Words for the ids a reader sees (channels, kinds, severities, statuses, outcomes, natures, the groups without a
 * borough, theme or queue) and the short weekday names.
 */
export const vocabularyEn = {
  /** Words for the ids a reader sees (theme labels come from data/themes.csv, see themeLabel). JSON keeps the ids. */
  vocab: {
    channel: { phone: 'phone', email: 'email', web: 'web', mobile: 'mobile app', in_person: 'in person', social: 'social media', mail: 'mail',
      fax: 'fax', other: 'other', unknown: 'unknown channel' } as Record<string, string>,
    kind: { tickets: 'requests', calls: 'calls', 'call-intervals': 'call-centre intervals' } as Record<string, string>,
    severity: { error: 'error', warning: 'warning', info: 'information' } as Record<string, string>,
    status: { open: 'open', closed: 'closed', cancelled: 'cancelled', refused: 'refused', duplicate: 'duplicate', unknown: 'unknown status' } as Record<string, string>,
    outcome: { answered: 'answered', abandoned: 'abandoned', timeout: 'timed out', callback: 'callback', blocked: 'blocked', other: 'other' } as Record<string, string>,
    nature: { request: 'request', information: 'information', complaint: 'complaint', comment: 'comment' } as Record<string, string>,
    /** The group of rows without a borough (unknown or not given), the same name in every output. */
    noBorough: 'no borough',
    noTheme: 'no theme',
    noQueue: 'no queue',
    complianceKind: { all: 'calls and requests', calls: 'calls', tickets: 'requests' } as Record<string, string>,
  },
  weekday: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' } as Record<string, string>,
};

export const vocabularyFr: typeof vocabularyEn = {
  vocab: {
    channel: { phone: 'téléphone', email: 'courriel', web: 'Web', mobile: 'application mobile', in_person: 'en personne', social: 'médias sociaux',
      mail: 'courrier', fax: 'télécopieur', other: 'autre', unknown: 'provenance inconnue' },
    kind: { tickets: 'requêtes', calls: 'appels', 'call-intervals': "intervalles du centre d'appels" },
    severity: { error: 'erreur', warning: 'avertissement', info: 'information' },
    status: { open: 'ouverte', closed: 'fermée', cancelled: 'annulée', refused: 'refusée', duplicate: 'en double', unknown: 'statut inconnu' },
    outcome: { answered: 'répondu', abandoned: 'abandonné', timeout: 'expiré', callback: 'rappel', blocked: 'bloqué', other: 'autre' },
    nature: { request: 'requête', information: 'renseignement', complaint: 'plainte', comment: 'commentaire' },
    noBorough: 'sans arrondissement',
    noTheme: 'sans thème',
    noQueue: "sans file d'attente",
    complianceKind: { all: 'appels et requêtes', calls: 'appels', tickets: 'requêtes' },
  },
  weekday: { mon: 'lun', tue: 'mar', wed: 'mer', thu: 'jeu', fri: 'ven', sat: 'sam', sun: 'dim' },
};
