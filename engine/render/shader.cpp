#include "render/shader.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "embedded_shaders.hpp"

namespace gs::gl {

Result<std::string> shaderSource(std::string_view fileName) {
    if (const char* dir = std::getenv("GRIDSCOPE_SHADER_DIR")) {
        std::string path = std::string(dir) + "/" + std::string(fileName);
        std::ifstream in(path);
        if (!in) return Error{path + ": cannot read shader"};
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
    for (const auto& s : shaders::kAll) {
        if (s.name == fileName) return std::string(s.source);
    }
    return Error{"shaders/" + std::string(fileName) + ": no such embedded shader"};
}

namespace {

Result<GLuint> compile(GLenum type, std::string_view fileName, std::string_view defines) {
    auto src = shaderSource(fileName);
    if (!src) return src.error();
    if (!defines.empty()) {
        // After the #version line, which must stay first; a #line keeps error lines those of the file.
        const size_t eol = src->find('\n');
        const size_t at = eol == std::string::npos ? src->size() : eol + 1;
        src->insert(at, std::string(defines) + "#line 2\n");
    }
    GLuint shader = GL_CHECK(glCreateShader(type));
    const char* text = src->c_str();
    GL_CHECK(glShaderSource(shader, 1, &text, nullptr));
    GL_CHECK(glCompileShader(shader));
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        GLint len = 0;
        glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &len);
        std::vector<char> log(static_cast<size_t>(std::max(len, 1)));
        glGetShaderInfoLog(shader, len, nullptr, log.data());
        glDeleteShader(shader);
        // Mesa logs "0:LINE(COL): error: ..."; prefixing the file makes that a usable location.
        return Error{"shaders/" + std::string(fileName) + ":" + std::string(log.data())};
    }
    return shader;
}

}  // namespace

Result<Program> Program::build(std::string_view name, std::string_view defines) {
    auto vs = compile(GL_VERTEX_SHADER, std::string(name) + ".vert.glsl", defines);
    if (!vs) return vs.error();
    auto fs = compile(GL_FRAGMENT_SHADER, std::string(name) + ".frag.glsl", defines);
    if (!fs) { glDeleteShader(*vs); return fs.error(); }

    Program program;
    program.handle_ = ProgramHandle::create();
    GLuint id = program.handle_.id();
    GL_CHECK(glAttachShader(id, *vs));
    GL_CHECK(glAttachShader(id, *fs));
    GL_CHECK(glLinkProgram(id));
    glDeleteShader(*vs);
    glDeleteShader(*fs);
    GLint ok = 0;
    glGetProgramiv(id, GL_LINK_STATUS, &ok);
    if (!ok) {
        GLint len = 0;
        glGetProgramiv(id, GL_INFO_LOG_LENGTH, &len);
        std::vector<char> log(static_cast<size_t>(std::max(len, 1)));
        glGetProgramInfoLog(id, len, nullptr, log.data());
        return Error{"shaders/" + std::string(name) + ": link failed: " + log.data()};
    }
    return program;
}

GLint Program::uniform(const char* name) {
    auto it = uniforms_.find(name);
    if (it != uniforms_.end()) return it->second;
    GLint loc = glGetUniformLocation(handle_.id(), name);
    uniforms_.emplace(name, loc);
    return loc;
}

}  // namespace gs::gl
