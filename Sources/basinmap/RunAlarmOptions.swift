import ArgumentParser
import Foundation
import Pipeline

/// `run` options of the spill alarm model (alarms.csv, the GeoPackage's alarms table, the alarm_* site
/// fields and the charts), which runs whenever the basin folder has its hydrology data.
struct RunAlarmOptions: ParsableArguments {
    @Flag(name: .customLong("no-alarms"), help: "Do not run the alarm model (the alarm_* fields then say so).")
    var noAlarms = false

    @Option(name: .long, help: "Discharge at the time of the spill: mean (default), low or high, as declared in hydrology.json.")
    var flow: String?

    @Option(name: .customLong("q-ratio"), parsing: .unconditional, help: "Discharge at the time as a ratio to the mean annual discharge (instead of --flow).")
    var qRatio: Double?

    @Option(name: .customLong("decay-per-day"), parsing: .unconditional, help: "First-order decay rate of the substance, 1/day (default 0: conservative).")
    var decayPerDay: Double = 0

    @Option(name: .customLong("alarm-charts"), parsing: .unconditional, help: "Concentration charts (alarm-chart-NNN-<id>.svg) for this many of the highest-ranked traced sites (default 20).")
    var alarmCharts: Int = 20

    func validate() throws {
        if let q = qRatio, !(q > 0) || !q.isFinite { throw ValidationError("--q-ratio expects a positive ratio; got \(q)") }
        if qRatio != nil && flow != nil { throw ValidationError("give --flow or --q-ratio, not both") }
        if !(decayPerDay >= 0) || !decayPerDay.isFinite { throw ValidationError("--decay-per-day expects a rate ≥ 0; got \(decayPerDay)") }
        if alarmCharts < 0 { throw ValidationError("--alarm-charts must be >= 0; got \(alarmCharts)") }
    }

    func apply(to o: inout RunOptions) {
        o.writeAlarms = !noAlarms
        o.alarmFlow = flow; o.alarmQRatio = qRatio; o.alarmDecayPerDay = decayPerDay; o.alarmCharts = alarmCharts
    }
}
