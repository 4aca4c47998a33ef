/**
 * Vendor receivers: reads and heartbeats pushed by cameras and ANPR engines in their own formats (OpenALPR/Rekor,
 * Plate Recognizer, Hikvision ISAPI, Axis, Dahua; Frigate over MQTT). A pipeline of small stages: the camera is
 * authenticated by {@code security} (bearer, key in the path, or HTTP Basic), one {@code *Decoder} per format turns
 * the payload into {@link dev.plateguard.server.receivers.VendorRead}s, {@link dev.plateguard.server.receivers.ReadMapper}
 * maps each to the native read, and {@code ingest} stores it exactly like a native read.
 */
package dev.plateguard.server.receivers;
