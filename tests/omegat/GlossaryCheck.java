// Reads a TBX with OmegaT's own glossary reader and prints what its glossary pane shows:
// one line per entry, "source<TAB>rendering<TAB>comment" (tabs and newlines in the text as \t, \n).
// Run: java -cp OmegaT.jar tests/omegat/GlossaryCheck.java FILE.tbx  (Java 11+ single-file launch)
import java.io.File;
import java.util.List;
import org.omegat.core.Core;
import org.omegat.core.data.NotLoadedProject;
import org.omegat.core.data.ProjectProperties;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderTBX;

public class GlossaryCheck {
    public static void main(String[] args) throws Exception {
        // The reader takes the languages from the open project: a Chinese-to-English one.
        final ProjectProperties props = new ProjectProperties(new File(args[0]).getAbsoluteFile().getParentFile());
        props.setSourceLanguage("zh-CN");
        props.setTargetLanguage("en-US");
        Core.setProject(new NotLoadedProject() {
            @Override
            public ProjectProperties getProjectProperties() {
                return props;
            }
        });
        List<GlossaryEntry> entries = GlossaryReaderTBX.read(new File(args[0]), false);
        for (GlossaryEntry entry : entries) {
            System.out.println(clean(entry.getSrcText()) + "\t" + clean(entry.getLocText()) + "\t"
                    + clean(entry.getCommentText()));
        }
    }

    private static String clean(String text) {
        return text == null ? "" : text.replace("\t", "\\t").replace("\n", "\\n");
    }
}
