#include "render/texture_quads.hpp"

namespace gs {

bool TextureQuads::usable() {
    if (!program_ && !failed_) {
        auto program = gl::Program::build("compose", "#define GS_TILE 1\n");
        failed_ = !program;
        if (program) {
            program_ = std::move(*program);
            vao_ = gl::VertexArray::create();
            dst_ = program_->uniform("u_dst");
            src_ = program_->uniform("u_src");
        }
    }
    return program_.has_value();
}

void TextureQuads::begin() {
    program_->use();
    glBindVertexArray(vao_.id());
    glActiveTexture(GL_TEXTURE0);
    glUniform1i(program_->uniform("u_picture"), 0);
}

void TextureQuads::draw(GLuint texture, float x0, float y0, float x1, float y1, float u0, float v0, float u1, float v1) {
    glBindTexture(GL_TEXTURE_2D, texture);
    glUniform4f(dst_, x0, y0, x1, y1);
    glUniform4f(src_, u0, v0, u1, v1);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

void TextureQuads::end() {
    glBindVertexArray(0);
    glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace gs
