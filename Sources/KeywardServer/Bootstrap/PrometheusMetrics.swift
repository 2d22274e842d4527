import KeywardEngine
import Prometheus

extension EngineMetrics {
    /// The engine's counters in a Prometheus registry of this server's own (not
    /// the global bootstrap, so two servers in one process keep their counts apart).
    static func prometheus() -> EngineMetrics {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[EngineMetrics.verificationDurationLabel] = EngineMetrics.verificationBuckets
        return EngineMetrics(factory: factory) { registry.emitToBuffer() }
    }
}
