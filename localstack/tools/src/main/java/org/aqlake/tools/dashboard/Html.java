package org.aqlake.tools.dashboard;

/** Builds the page's HTML: markup as given, text escaped. */
final class Html {

    private final StringBuilder out = new StringBuilder();

    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Text content or an attribute value: the five characters HTML gives meaning to are escaped. */
    Html text(Object value) {
        String s = String.valueOf(value);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default: out.append(c);
            }
        }
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
