/**
 * Invented reports for the tests of cross-lingual linking (unit, integration and end to end): one
 * event told in English, German and Russian by three agencies, and hard negatives in French, Spanish
 * and German: the same state and the same topic on another day, or on the same day with other
 * places and figures. Nothing here is factual reporting.
 */
export interface FixtureReport {
  id: string;
  language: string;
  publishedAt: string;
  title: string;
  summary: string;
  body: string;
  /** The story it belongs to; null for a hard negative. */
  story: string | null;
}

export const LANDSLIDE_EN: FixtureReport = {
  id: 'landslide-en',
  language: 'en',
  publishedAt: '2026-06-09T07:55:00Z',
  story: 'landslide',
  title: 'Landslide derails 14 freight wagons in western Georgia, two rail workers hurt',
  summary: 'The main east-west rail line will stay closed for about 36 hours, Georgian Railways said.',
  body: `TBILISI, June 9 (Harbour Wire) - A landslide derailed 14 freight wagons near the town of Zestafoni in Georgia's Imereti region early on Tuesday, injuring two rail workers, the state railway company said.

The slide struck the line at 06:40 local time after three days of heavy rain, burying part of a train carrying 1,200 tonnes of manganese ore bound for the Black Sea port of Poti.

The company said the main east-west line would stay closed for about 36 hours while crews cleared an estimated 8,500 cubic metres of earth. Passenger trains between Tbilisi and Batumi were replaced by buses.

The two injured workers were taken to hospital in Kutaisi with fractures, the health ministry said.`,
};

export const LANDSLIDE_DE: FixtureReport = {
  id: 'landslide-de',
  language: 'de',
  publishedAt: '2026-06-09T09:20:00Z',
  story: 'landslide',
  title: 'Erdrutsch in Georgien: 14 Güterwaggons entgleist',
  summary:
    'Zwei Bahnarbeiter wurden verletzt, die wichtigste Ost-West-Strecke bleibt rund 36 Stunden gesperrt.',
  body: `Tiflis – Ein Erdrutsch hat am Dienstag in der westgeorgischen Region Imeretien einen Güterzug getroffen und 14 Waggons zum Entgleisen gebracht. Zwei Bahnarbeiter wurden verletzt, wie die staatliche Bahngesellschaft mitteilte.

Die Erdmassen gingen nach drei Tagen Starkregen um 6.40 Uhr Ortszeit bei Sestaponi nieder. Der Zug hatte 1200 Tonnen Manganerz geladen und war auf dem Weg zum Schwarzmeerhafen Poti.

Die Strecke werde etwa 36 Stunden gesperrt bleiben, während rund 8500 Kubikmeter Erde abgetragen würden. Zwischen Tiflis und Batumi fahren Busse statt Personenzügen. Die Verletzten kamen in ein Krankenhaus in Kutaissi.

Quelle: Agenturen`,
};

export const LANDSLIDE_RU: FixtureReport = {
  id: 'landslide-ru',
  language: 'ru',
  publishedAt: '2026-06-09T10:05:00Z',
  story: 'landslide',
  title: 'В Грузии оползень сбросил с рельсов 14 грузовых вагонов',
  summary: 'Пострадали двое железнодорожников, главная магистраль закрыта примерно на 36 часов.',
  body: `ТБИЛИСИ, 9 июня. /Кавказ-Инфо/. Оползень во вторник сошёл на железную дорогу у города Зестафони в Имеретии, с рельсов сошли 14 грузовых вагонов, двое железнодорожников получили травмы, сообщила государственная железнодорожная компания.

Сход грунта произошёл в 06:40 по местному времени после трёх дней проливных дождей. Состав перевозил 1200 тонн марганцевой руды в порт Поти.

Движение по магистрали восток – запад будет закрыто около 36 часов, за это время предстоит убрать около 8500 кубометров грунта. Между Тбилиси и Батуми пущены автобусы. Пострадавших доставили в больницу Кутаиси.`,
};

/** Another landslide in the same state, on the day before, with its own place and figures. */
export const HARD_NEGATIVE_FR_DAY_BEFORE: FixtureReport = {
  id: 'landslide-fr-day-before',
  language: 'fr',
  publishedAt: '2026-06-08T16:10:00Z',
  story: null,
  title: 'Géorgie : un glissement de terrain coupe la route vers le col de Goderdzi',
  summary: 'Une trentaine de véhicules sont bloqués en Adjarie, aucun blessé.',
  body: `TBILISSI, 8 juin (AFI) - Un glissement de terrain a coupé lundi la route menant au col de Goderdzi, en Adjarie, dans le sud-ouest de la Géorgie, bloquant une trentaine de véhicules, a indiqué le ministère de l'Intérieur.

Aucun blessé n'est à déplorer. Les services routiers estiment que 2 300 mètres cubes de terre et de roches doivent être dégagés et que la route restera fermée au moins 48 heures.

Les pluies tombées depuis samedi ont fait déborder plusieurs rivières de la région, selon le service météorologique.`,
};

/** The same state and the same kind of event on the same day, elsewhere and with other figures. */
export const HARD_NEGATIVE_ES_SAME_DAY: FixtureReport = {
  id: 'flood-es-same-day',
  language: 'es',
  publishedAt: '2026-06-09T12:40:00Z',
  story: null,
  title: 'Las lluvias inundan un centenar de casas en Kajetia, en el este de Georgia',
  summary: 'Las autoridades evacuaron a 340 vecinos de la localidad de Telavi.',
  body: `Tiflis, 9 jun (ALI).- Las lluvias torrenciales inundaron este martes un centenar de viviendas en la región de Kajetia, en el este de Georgia, y obligaron a evacuar a 340 vecinos de Telavi, informó el Ministerio del Interior.

El río Alazani se desbordó a las 11.15 hora local y cortó dos carreteras regionales. No hubo víctimas.

El Gobierno prometió ayudas de 2 millones de laris para los damnificados.`,
};

/** The same event as the English report, but told a week later: outside the story window. */
export const LATE_RECAP_DE: FixtureReport = {
  ...LANDSLIDE_DE,
  id: 'landslide-de-week-later',
  publishedAt: '2026-06-16T09:20:00Z',
  story: null,
};

/** What the tagger finds in these reports, for tests that do not run it. */
export const FIXTURE_TAGS = {
  countries: [{ code: 'GE', primary: true }],
  topics: [{ slug: 'natural-disaster' }],
  subjects: [{ slug: 'disaster-accident' }],
  people: [],
  organizations: [],
};
