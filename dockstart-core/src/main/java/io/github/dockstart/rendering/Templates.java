package io.github.dockstart.rendering;

import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader;

/** Velocity templates of the rendering package, loaded from the classpath. */
final class Templates {

    private static final String BASE = "io/github/dockstart/rendering/templates/";
    private static final VelocityEngine ENGINE = createEngine();

    private Templates() {
    }

    private static VelocityEngine createEngine() {
        VelocityEngine engine = new VelocityEngine();
        engine.setProperty(RuntimeConstants.RESOURCE_LOADERS, "class");
        engine.setProperty("resource.loader.class.class", ClasspathResourceLoader.class.getName());
        engine.setProperty(RuntimeConstants.INPUT_ENCODING, "UTF-8");
        // an undefined reference fails the rendering instead of leaking "$foo" into a file
        engine.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, true);
        // a line holding only a directive leaves no blank line behind
        engine.setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
        engine.init();
        return engine;
    }

    static String render(String name, Map<String, Object> values) {
        Template template = ENGINE.getTemplate(BASE + name, "UTF-8");
        StringWriter out = new StringWriter();
        template.merge(new VelocityContext(new HashMap<>(values)), out);
        return out.toString();
    }
}
