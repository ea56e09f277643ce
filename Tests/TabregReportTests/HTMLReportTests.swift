import Foundation
import Testing

@testable import TabregReport

@Suite struct HTMLReportTests {
    @Test func sampleReportIsWellFormedXMLWithEveryPart() throws {
        let html = HTMLReport.render(SampleReport.content())
        let check = XMLCheck(html)
        #expect(check.parsed, "\(check.error ?? "")")
        #expect(check.count(of: "svg") == 4)
        #expect(check.count(of: "figure") == 4)
        #expect(check.count(of: "table") == 1)
        #expect(check.count(of: "style") == 1)
        #expect(check.texts["h2"] == ["Notices", "Comparison", "Data", "Settings"])
        // The sample is also written out so the browser check can be run on it by hand.
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tabreg-report-sample")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try html.write(
            to: folder.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
    }

    @Test func pageIsSelfContained() {
        let html = HTMLReport.render(SampleReport.content())
        let check = XMLCheck(html)
        for element in ["script", "link", "img", "iframe", "object", "embed"] {
            #expect(check.count(of: element) == 0, "found <\(element)>")
        }
        // The only URL is the SVG namespace name, which is never fetched.
        let withoutNamespace = html.replacingOccurrences(
            of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespace.contains("http"))
        #expect(!html.contains("@import") && !html.contains("url("))
        #expect(html.contains("@media print"))
    }

    @Test func allUserTextIsEscaped() {
        let content = ReportContent(
            title: "<script>alert(1)</script>", subtitle: "a & b", headline: "\"quoted\" <b>",
            notices: ["</li><li>evil"],
            comparison: ReportContent.ComparisonTable(
                splits: ["<train>"],
                metrics: [ReportContent.Metric(name: "R&D", lowerIsBetter: true)],
                rows: [ReportContent.Row(model: "<model>", values: [[1]])]),
            dataSummary: [.init("<k>", "<v>")], settings: [.init("s&", "'v'")],
            footer: "<footer>")
        let html = HTMLReport.render(content)
        let check = XMLCheck(html)
        #expect(check.parsed)
        #expect(check.count(of: "script") == 0)
        #expect(check.count(of: "b") == 0)
        #expect(check.count(of: "li") == 1)
        #expect(check.texts["h1"] == ["<script>alert(1)</script>"])
        #expect(check.texts["li"] == ["</li><li>evil"])
        #expect(check.texts["dt"] == ["<k>", "s&"])
    }

    @Test func bestValueOfEachColumnIsMarkedAndMissingValuesShowADash() {
        let table = ReportContent.ComparisonTable(
            splits: ["Train", "Test"],
            metrics: [
                ReportContent.Metric(name: "MSE", lowerIsBetter: true),
                ReportContent.Metric(name: "R²", lowerIsBetter: false),
            ],
            rows: [
                ReportContent.Row(model: "Network", values: [[3.8, 0.95], [9.87, nil]]),
                ReportContent.Row(model: "OLS", values: [[21.89, 0.74], [24.29, 0.70]]),
            ])
        let html = HTMLReport.render(ReportContent(title: "t", comparison: table))
        #expect(XMLCheck(html).parsed)
        #expect(html.contains("<td class=\"split-start best\">3.800</td>"))
        #expect(html.contains("<td class=\"best\">0.9500</td>"))
        #expect(html.contains("<td class=\"split-start best\">9.870</td>"))
        #expect(html.contains("<td>\u{2013}</td>"))
        // With only one value in the test R² column there is nothing to compare: not bold.
        #expect(html.contains("<td>0.7000</td>"))
        #expect(html.contains("<td class=\"split-start\">24.29</td>"))
    }

    @Test func sameContentGivesSameBytes() {
        #expect(
            HTMLReport.render(SampleReport.content()) == HTMLReport.render(SampleReport.content()))
    }

    @Test func emptySectionsAreLeftOut() {
        let html = HTMLReport.render(ReportContent(title: "Only a title"))
        let check = XMLCheck(html)
        #expect(check.parsed)
        #expect(check.count(of: "section") == 0)
        #expect(check.count(of: "table") == 0)
        #expect(check.texts["h1"] == ["Only a title"])
    }
}
