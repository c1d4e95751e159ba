package io.capstan.monitoring.report;

import io.capstan.monitoring.drift.ColumnResult;
import io.capstan.monitoring.drift.DatasetDriftResult;
import io.capstan.monitoring.drift.Distribution;
import io.capstan.monitoring.drift.DriftExtras;
import io.capstan.monitoring.drift.EffectSize;
import io.capstan.monitoring.drift.MissingValueDrift;
import io.capstan.monitoring.drift.StatTest;
import io.capstan.monitoring.drift.SkippedColumn;
import java.util.Locale;

/**
 * Renders a {@link DatasetDriftResult} as one self-contained HTML page: a summary, a table of columns
 * and, per tested column, an inline SVG histogram of reference against current. No script, no external
 * style sheet, font or image; every text from the data is HTML-escaped. Stateless and thread-safe.
 */
public final class DriftReportHtml {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 180;
    private static final int MARGIN_LEFT = 44;
    private static final int MARGIN_BOTTOM = 22;
    private static final String REFERENCE_COLOR = "#4c78a8";
    private static final String CURRENT_COLOR = "#f58518";

    private DriftReportHtml() {
    }

    /**
     * Returns the page.
     *
     * @param result the drift result; not null
     * @param referenceName how to name the reference (e.g. its file name); not null
     * @param currentName how to name the current data; not null
     */
    public static String render(DatasetDriftResult result, String referenceName, String currentName) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Drift report: ").append(escape(currentName)).append(" vs ")
                .append(escape(referenceName)).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1100px}")
                .append("table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;")
                .append("text-align:left;font-size:.9rem}th{background:#f3f3f3}.drift{color:#b00020;font-weight:600}")
                .append(".ok{color:#1b5e20}.col{margin:1.5rem 0;border-top:1px solid #ddd;padding-top:.5rem}")
                .append(".legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}")
                .append("svg text{font-size:10px;fill:#555}</style></head><body>\n");
        h.append("<h1>Data drift</h1>\n<p>Reference <b>").append(escape(referenceName)).append("</b> (")
                .append(result.referenceRows()).append(" rows) against current <b>").append(escape(currentName))
                .append("</b> (").append(result.currentRows()).append(" rows).</p>\n");
        h.append("<p class=\"").append(result.datasetDrift() ? "drift" : "ok").append("\">")
                .append(result.datasetDrift() ? "Dataset drift detected" : "No dataset drift").append(": ")
                .append(result.numberOfDriftedColumns()).append(" of ").append(result.numberOfColumns())
                .append(" columns drifted (share ").append(format(result.shareOfDriftedColumns()))
                .append(", threshold ").append(format(result.driftShare())).append(").</p>\n");
        if (result.sketch() != null) {
            h.append("<p>Sketch mode: KLL k = ").append(result.sketch().k()).append(" (rank error ")
                    .append(format(result.sketch().rankError() * 100)).append("%), categories counted exactly up to ")
                    .append(result.sketch().maxCategories()).append(". Estimated scores show the bounds that hold the"
                            + " exact score; the others are exact.</p>\n");
        }
        h.append("<table><tr><th>column</th><th>type</th><th>stat test</th><th>drift score</th><th>threshold</th>")
                .append("<th>drift</th><th>missing (ref / cur)</th>");
        DriftExtras extras = result.extras();
        if (extras.correction() != null) {
            h.append("<th>adjusted p (").append(escape(extras.correction().id())).append(")</th>");
        }
        if (extras.missingDrift()) {
            h.append("<th>missing-share drift</th>");
        }
        if (extras.effectSizes()) {
            h.append("<th>effect size</th>");
        }
        if (result.sketch() != null) {
            h.append("<th>score bounds (sketch)</th>");
        }
        if (extras.correction() != null || extras.countMissingDrift()) {
            h.append("<th>counted as drifted</th>");
        }
        h.append("</tr>\n");
        for (ColumnResult c : result.columns()) {
            h.append("<tr><td><a href=\"#").append(anchor(c.column())).append("\">").append(escape(c.column()))
                    .append("</a></td><td>").append(c.columnType().id()).append("</td><td>")
                    .append(escape(c.result().stattest())).append("</td><td>").append(format(c.result().score()))
                    .append("</td><td>").append(format(c.result().threshold())).append("</td><td class=\"")
                    .append(c.result().drifted() ? "drift\">detected" : "ok\">no").append("</td><td>")
                    .append(c.referenceMissing()).append(" / ").append(c.currentMissing()).append("</td>");
            extraCells(h, result, c);
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        if (!result.skipped().isEmpty()) {
            h.append("<h2>Not tested</h2>\n<table><tr><th>column</th><th>type</th><th>reason</th></tr>\n");
            for (SkippedColumn s : result.skipped()) {
                h.append("<tr><td>").append(escape(s.column())).append("</td><td>").append(s.columnType().id())
                        .append("</td><td>").append(escape(s.reason()));
                if (s.missing() != null) {
                    h.append("<br><span class=\"").append(s.missing().decision() ? "drift" : "ok")
                            .append("\">missing share ").append(format(s.missing().referenceShare())).append(" → ")
                            .append(format(s.missing().currentShare())).append(" (").append(escape(s.missing().stattest()))
                            .append(" p = ").append(format(s.missing().pValue())).append(")</span>");
                }
                h.append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<div class=\"legend\"><span style=\"background:").append(REFERENCE_COLOR)
                .append("\"></span>reference<span style=\"background:").append(CURRENT_COLOR)
                .append("\"></span>current</div>\n");
        for (ColumnResult c : result.columns()) {
            h.append("<div class=\"col\" id=\"").append(anchor(c.column())).append("\"><h3>").append(escape(c.column()))
                    .append("</h3><p>").append(escape(c.result().stattest())).append(" = ")
                    .append(format(c.result().score())).append(" (threshold ").append(format(c.result().threshold()))
                    .append("): <span class=\"").append(c.result().drifted() ? "drift\">drift" : "ok\">no drift")
                    .append("</span></p>\n");
            if (c.scoreBounds() != null) {
                h.append("<p>Estimated from sketches; the exact score lies in [").append(format(c.scoreBounds().lower()))
                        .append(", ").append(format(c.scoreBounds().upper())).append("].</p>\n");
            }
            histogram(h, c.distribution());
            h.append("</div>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void extraCells(StringBuilder h, DatasetDriftResult result, ColumnResult c) {
        DriftExtras extras = result.extras();
        if (extras.correction() != null) {
            h.append("<td>");
            if (c.corrected() != null) {
                h.append(format(c.corrected().adjustedPValue())).append(c.corrected().drifted() ? " <span class=\"drift\">drift</span>" : "");
            } else {
                h.append("— (distance)");
            }
            h.append("</td>");
        }
        if (extras.missingDrift()) {
            MissingValueDrift m = c.missing();
            h.append("<td class=\"").append(m.decision() ? "drift" : "ok").append("\">")
                    .append(format(m.referenceShare())).append(" → ").append(format(m.currentShare()))
                    .append(" (").append(escape(m.stattest())).append(" p = ").append(format(m.pValue()));
            if (m.corrected() != null) {
                h.append(", adjusted ").append(format(m.corrected().adjustedPValue()));
            }
            h.append(")</td>");
        }
        if (extras.effectSizes()) {
            h.append("<td>").append(escape(effect(c.effectSize()))).append("</td>");
        }
        if (result.sketch() != null) {
            h.append("<td>").append(c.scoreBounds() == null ? "exact"
                    : "[" + format(c.scoreBounds().lower()) + ", " + format(c.scoreBounds().upper()) + "]"
                            + (c.scoreBounds().decides(StatTest.fromId(c.result().stattest()), c.result().threshold())
                                    ? "" : " (threshold inside: undecided)")).append("</td>");
        }
        if (extras.correction() != null || extras.countMissingDrift()) {
            h.append("<td class=\"").append(c.drifted() ? "drift\">yes" : "ok\">no").append("</td>");
        }
    }

    private static String effect(EffectSize effect) {
        return switch (effect) {
            case null -> "";
            case EffectSize.Numerical n -> "Cohen's d " + format(n.cohensD()) + "; mean " + format(n.referenceMean())
                    + " → " + format(n.currentMean()) + ", median " + format(n.referenceMedian()) + " → "
                    + format(n.currentMedian()) + ", std " + format(n.referenceStd()) + " → " + format(n.currentStd());
            case EffectSize.Categorical k -> "Cramér's V " + format(k.cramersV()) + "; '" + k.largestChangeValue()
                    + "' " + format(k.largestChangeReferenceShare()) + " → " + format(k.largestChangeCurrentShare());
        };
    }

    private static void histogram(StringBuilder h, Distribution d) {
        int n = d.labels().size();
        double max = 0.0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.max(d.reference().get(i), d.current().get(i)));
        }
        if (max == 0.0) {
            max = 1.0;
        }
        double plotWidth = WIDTH - MARGIN_LEFT - 4;
        double plotHeight = HEIGHT - MARGIN_BOTTOM - 8;
        double slot = plotWidth / n;
        double bar = Math.max(1.0, slot * 0.4);
        h.append("<svg width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" role=\"img\">");
        h.append("<line x1=\"").append(MARGIN_LEFT).append("\" y1=\"").append(fmt(8 + plotHeight)).append("\" x2=\"")
                .append(WIDTH - 4).append("\" y2=\"").append(fmt(8 + plotHeight)).append("\" stroke=\"#999\"/>");
        h.append("<text x=\"2\" y=\"14\">").append(format(max)).append("</text>");
        h.append("<text x=\"2\" y=\"").append(fmt(8 + plotHeight)).append("\">0</text>");
        for (int i = 0; i < n; i++) {
            double x = MARGIN_LEFT + i * slot + slot * 0.1;
            bar(h, x, bar, d.reference().get(i) / max * plotHeight, plotHeight, REFERENCE_COLOR,
                    d.labels().get(i), "reference", d.reference().get(i));
            bar(h, x + bar, bar, d.current().get(i) / max * plotHeight, plotHeight, CURRENT_COLOR,
                    d.labels().get(i), "current", d.current().get(i));
        }
        if (d.lowerEdges().isEmpty()) {
            int step = Math.max(1, n / 8);
            for (int i = 0; i < n; i += step) {
                String label = d.labels().get(i);
                String shown = label.length() > 12 ? label.substring(0, 12) + "…" : label;
                h.append("<text x=\"").append(fmt(MARGIN_LEFT + i * slot + 2)).append("\" y=\"").append(HEIGHT - 6)
                        .append("\">").append(escape(shown)).append("</text>");
            }
        } else {
            h.append("<text x=\"").append(MARGIN_LEFT).append("\" y=\"").append(HEIGHT - 6).append("\">")
                    .append(format(d.lowerEdges().get(0))).append("</text>");
            h.append("<text x=\"").append(WIDTH - 4).append("\" y=\"").append(HEIGHT - 6)
                    .append("\" text-anchor=\"end\">").append(format(d.upperEdge())).append("</text>");
        }
        h.append("</svg>\n");
    }

    private static void bar(StringBuilder h, double x, double width, double height, double plotHeight, String color,
            String label, String side, double share) {
        h.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(8 + plotHeight - height))
                .append("\" width=\"").append(fmt(width)).append("\" height=\"").append(fmt(height))
                .append("\" fill=\"").append(color).append("\"><title>").append(escape(label)).append(" — ")
                .append(side).append(": ").append(format(share)).append("</title></rect>");
    }

    private static String anchor(String column) {
        StringBuilder a = new StringBuilder("col-");
        for (char ch : column.toCharArray()) {
            a.append(Character.isLetterOrDigit(ch) && ch < 128 ? String.valueOf(ch) : "_" + Integer.toHexString(ch));
        }
        return a.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** Escapes text for HTML element content and double-quoted attributes. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (ch < 0x20 && ch != '\n' && ch != '\t') {
                        out.append("&#xFFFD;");
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }
}
