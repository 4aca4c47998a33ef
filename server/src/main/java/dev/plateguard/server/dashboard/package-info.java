/**
 * The start page: per role, the figures that role acts on, as charts (uPlot, served from the application) with the
 * same numbers in tables. It only reads the owning modules' figure queries; nothing depends on it.
 */
package dev.plateguard.server.dashboard;
