export type { ChunkBatch, WindowBatch, WindowSource } from './window-types.js';
export { ConfigError, FluxnetDataError, FluxnetFormatError, type FormatErrorLocation } from './errors.js';
export { calendarSlot, calendarSlots, civilDate, dayNumber, dayOfYear, daysInYear, formatDay, isLeapYear } from './dates.js';
export { isDailySiteFileName, parseOneFluxFileName, parseSiteFileName, type SiteFileName } from './file-name.js';
export { extractZipEntry, listZipEntries, type ZipEntry } from './zip.js';
export { MISSING_VALUE, parseDailyCsv, type DailyTable, type ReadOptions } from './csv.js';
export {
  DEFAULT_OUT_OF_RANGE,
  OUT_OF_RANGE_POLICIES,
  PLAUSIBLE_RANGES,
  describeRange,
  outOfRangePolicy,
  plausibleRange,
  type OutOfRangePolicy,
  type OutOfRangeReport,
  type PlausibleRange,
} from './ranges.js';
export {
  CO2_FLUX_TO_CARBON,
  DAILY_AGGREGATION,
  RECORDS_PER_DAY,
  dailyAggregation,
  isSubDaily,
  parseSubDailyCsv,
  type DailyAggregation,
  type SubDailyResolution,
} from './half-hourly.js';
export { DIRECTORY_CONFIG_FILE, readDirectoryConfig, readSiteFile, readSiteMeta, type DirectoryConfig, type SiteMeta, type SiteSeries } from './read.js';
export { listSiteFiles, readDataDirectory, siteFilesBySite, type DataDirectory, type DuplicateSiteFile } from './directory.js';
export { readOneFluxFile } from './readers/oneflux-hh.js';
export { DEFAULT_SITE_FORMAT, registerSiteReader, siteReader, siteReaders } from './readers/registry.js';
export type { SiteFormatOption, SiteReader } from './readers/site-reader.js';
export { DEFAULT_MIN_VALID_FRACTION, selectYears, type SelectionOptions, type YearSelection, type YearUsability } from './select.js';
export { fillByCalendarDay, meanAnnualCycle, type FillReport } from './fill.js';
export { ECOSYSTEM_GROUPS, IGBP_CLASSES, ecosystemGroup, type EcosystemGroup } from './ecosystem.js';
export {
  DEFAULT_META_FILE,
  DEFAULT_MIN_YEARS,
  DEFAULT_TARGET,
  PAPER_DRIVERS,
  DAY_OF_YEAR_FILLED,
  prepareDirectory,
  prepareSite,
  prepareSiteFile,
  prepareVariables,
  requiredColumns,
  type PreparedDirectory,
  type PreparedSite,
  type PreparedVariables,
  type PrepareDirectoryOptions,
  type PrepareFileOptions,
  type PrepareOptions,
  type SkippedSite,
} from './prepare.js';
export { Scaler, type ScalerJSON } from './scaler.js';
export {
  CALENDAR_FEATURES,
  LazyWindowSource,
  createWindowSource,
  fitScaler,
  type IndexedBatch,
  type Split,
  type WindowSiteInput,
  type WindowSourceOptions,
} from './windows.js';
export {
  DEFAULT_SITE_FOLDS,
  DEFAULT_TRAIN_FRACTION,
  DEFAULT_WINDOW,
  MIN_INITIAL_TRAIN_DAYS,
  checkTestBlock,
  siteFolds,
  rollingOriginBounds,
  splitBounds,
  trainEndIndex,
  type FoldSite,
  type SplitBounds,
  type SplitOptions,
  type TestBlock,
} from './splits.js';
export { iterateBatches, type BatchOptions } from './batches.js';
export { arrowFileBytes, columnsToArrow, toArrowTable, writeArrowIPC, type TableColumn } from './arrow.js';
export { SAMPLE_DATA_DIR } from './sample.js';
